package dev.mcpoauth.discovery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceMatchTest {

    @ParameterizedTest(name = "{1} describes {0}")
    @CsvSource({
        "https://mcp.example.com/mcp, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp, https://mcp.example.com",
        "https://mcp.example.com/mcp, https://mcp.example.com/",
        "https://mcp.example.com/mcp, https://mcp.example.com/mcp/",
        "https://mcp.example.com/mcp/, https://mcp.example.com/mcp",
        "https://mcp.example.com/public/mcp, https://mcp.example.com/public",
        "https://mcp.example.com/mcp, HTTPS://MCP.EXAMPLE.COM/mcp",
        "https://mcp.example.com:443/mcp, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp, https://mcp.example.com:443/mcp",
        "http://localhost:3000/mcp, http://localhost:3000",
        "https://mcp.example.com/mcp?tenant=a, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp?tenant=a, https://mcp.example.com/mcp?tenant=a",
    })
    void acceptsSameOriginAndAPathPrefixOnASegmentBoundary(String mcpUrl, String resource) {
        assertThat(ResourceMatch.verify(URI.create(mcpUrl), resource)).isSameAs(resource);
    }

    @ParameterizedTest(name = "{1} does not describe {0}")
    @CsvSource({
        "https://mcp.example.com/mcp, https://evil.example.com/mcp",
        "https://mcp.example.com/mcp, https://example.com/mcp",
        "https://mcp.example.com/mcp, http://mcp.example.com/mcp",
        "https://mcp.example.com/mcp, https://mcp.example.com:8443/mcp",
        "https://mcp.example.com:8443/mcp, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp, https://mcp.example.com/other",
        "https://mcp.example.com/mcp, https://mcp.example.com/mc",
        "https://mcp.example.com/mcpx, https://mcp.example.com/mcp",
        "https://mcp.example.com/mcp, https://mcp.example.com/mcp/deeper",
        "https://mcp.example.com/mcp, https://mcp.example.com/MCP",
        "https://mcp.example.com/mcp, https://mcp.example.com/mcp#frag",
        "https://mcp.example.com/mcp, https://user@mcp.example.com/mcp",
        "https://mcp.example.com/mcp, /mcp",
        "https://mcp.example.com/mcp, not a url",
        "https://mcp.example.com/mcp?tenant=a, https://mcp.example.com/mcp?tenant=b",
        "https://mcp.example.com/mcp/x?tenant=a, https://mcp.example.com/mcp?tenant=a",
    })
    void refusesOtherOriginsPortsAndPaths(String mcpUrl, String resource) {
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> ResourceMatch.verify(URI.create(mcpUrl), resource));

        assertThat(refused.problem()).isEqualTo(Problem.RESOURCE_MISMATCH);
    }

    @Test
    void refusesAMissingResource() {
        assertThat(ResourceMatch.matches(URI.create("https://mcp.example.com/mcp"), null)).isFalse();
    }

    @Test
    void returnsTheResourceByteForByteForUseAsTheRfc8707Resource() {
        assertThat(ResourceMatch.verify(URI.create("https://MCP.example.com/mcp"), "https://mcp.EXAMPLE.com/mcp/"))
                .isEqualTo("https://mcp.EXAMPLE.com/mcp/");
    }
}
