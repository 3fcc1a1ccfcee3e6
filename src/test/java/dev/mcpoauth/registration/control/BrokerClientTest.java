package dev.mcpoauth.registration.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerClientTest {

    @Test
    void theMetadataDocumentNamesItselfTheCallbackAndTheBrokersPublicKeys() {
        JsonObject document = new BrokerClient("https://broker.example.com/", "Broker", Optional.empty())
                .metadataDocument();

        assertThat(document.getString("client_id")).isEqualTo("https://broker.example.com/oauth/client-metadata.json");
        assertThat(document.getJsonArray("redirect_uris").getString(0)).isEqualTo("https://broker.example.com/oauth/callback");
        assertThat(document.getString("jwks_uri")).isEqualTo("https://broker.example.com/oauth/jwks.json");
    }
}
