package dev.mcpoauth.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalResourceTest {

    @ParameterizedTest
    @CsvSource({
        "https://mcp.example.com/mcp, https://mcp.example.com/mcp",
        "https://mcp.example.com, https://mcp.example.com",
        "https://mcp.example.com/, https://mcp.example.com/",
        "https://mcp.example.com:8443, https://mcp.example.com:8443",
        "https://mcp.example.com/server/mcp, https://mcp.example.com/server/mcp",
        "HTTPS://MCP.Example.COM/Server/MCP, https://mcp.example.com/Server/MCP",
        "https://mcp.example.com/mcp/, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp#fragment, https://mcp.example.com/mcp",
        "https://mcp.example.com/a%2Fb?tenant=x%20y, https://mcp.example.com/a%2Fb?tenant=x%20y",
        "https://mcp.example.com:443/mcp, https://mcp.example.com:443/mcp",
        "http://localhost:3000/mcp, http://localhost:3000/mcp",
    })
    void canonicalisesOnlyCaseFragmentAndTrailingSlash(String given, String canonical) {
        assertThat(CanonicalResource.of(given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp.example.com", "/mcp", "ftp://mcp.example.com/", "https://user@mcp.example.com/mcp",
        "mailto:mcp@example.com"})
    void refusesWhatCannotIdentifyAnMcpServer(String given) {
        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalResource.of(given));
    }
}
