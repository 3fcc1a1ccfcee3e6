package dev.mcpoauth.server.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.server.entity.ConnectionMode;
import dev.mcpoauth.server.entity.ServerGrant;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The rules an admin's grant settings must follow before anything is stored. */
class ServerInputGrantTest {

    static ServerInput input(ServerGrant grant) {
        ServerInput input = new ServerInput();
        input.name = "files";
        input.url = "https://mcp.example.com/mcp";
        input.grant = grant;
        return input;
    }

    static ServerInput service(ServerGrant grant) {
        ServerInput input = input(grant);
        input.connectionMode = ConnectionMode.SHARED;
        input.sharedRole = "mcp-user";
        input.clientId = "svc";
        input.issuer = "https://as.example.com";
        return input;
    }

    @Test
    void signsInByDefault() {
        assertThat(input(null).grantOrDefault()).isEqualTo(ServerGrant.AUTHORIZATION_CODE);
    }

    @Test
    void aServiceConnectionIsSharedAndNamesItsClient() {
        ServerInput perUser = input(ServerGrant.CLIENT_CREDENTIALS);
        perUser.clientId = "svc";
        ServerInput withoutClient = service(ServerGrant.CLIENT_CREDENTIALS);
        withoutClient.clientId = null;

        assertThat(service(ServerGrant.CLIENT_CREDENTIALS).isServiceGrantShared()).isTrue();
        assertThat(perUser.isServiceGrantShared()).isFalse();
        assertThat(withoutClient.isClientIdGivenForGrant()).isFalse();
        assertThat(service(ServerGrant.CLIENT_CREDENTIALS).isClientIdGivenForGrant()).isTrue();
    }

    @Test
    void aWorkloadNamesOneSourceOfItsToken() {
        ServerInput both = service(ServerGrant.WORKLOAD_IDENTITY);
        both.workloadToken = "a.b.c";
        both.workloadTokenFile = "/var/run/secrets/tokens/mcp";
        ServerInput elsewhere = input(ServerGrant.AUTHORIZATION_CODE);
        elsewhere.workloadToken = "a.b.c";
        ServerInput fileOnly = service(ServerGrant.WORKLOAD_IDENTITY);
        fileOnly.workloadTokenFile = "/var/run/secrets/tokens/mcp";

        assertThat(both.isWorkloadTokenGivenOnlyForWorkloads()).isFalse();
        assertThat(elsewhere.isWorkloadTokenGivenOnlyForWorkloads()).isFalse();
        assertThat(fileOnly.isWorkloadTokenGivenOnlyForWorkloads()).isTrue();
        assertThat(fileOnly.isServiceGrantShared()).isTrue();
    }

    @Test
    void enterpriseManagedIsEachPersonsOwnWithTheIdentityProvider() {
        ServerInput complete = input(ServerGrant.ENTERPRISE_MANAGED);
        complete.clientId = "broker";
        complete.idpTokenEndpoint = "https://idp.example.com/token";
        complete.idpClientId = "broker-at-idp";
        ServerInput shared = input(ServerGrant.ENTERPRISE_MANAGED);
        shared.connectionMode = ConnectionMode.SHARED;
        ServerInput idpElsewhere = input(ServerGrant.AUTHORIZATION_CODE);
        idpElsewhere.idpClientId = "broker-at-idp";

        assertThat(complete.isIdentityProviderGivenForEnterpriseManaged()).isTrue();
        assertThat(complete.isEnterpriseManagedPerUser()).isTrue();
        assertThat(complete.isClientIdGivenForGrant()).isTrue();
        assertThat(input(ServerGrant.ENTERPRISE_MANAGED).isIdentityProviderGivenForEnterpriseManaged()).isFalse();
        assertThat(shared.isEnterpriseManagedPerUser()).isFalse();
        assertThat(idpElsewhere.isIdentityProviderGivenForEnterpriseManaged()).isFalse();
    }

    @Test
    void takesOnlyAPrivateKeyThatCanSign() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        ServerInput good = service(ServerGrant.CLIENT_CREDENTIALS);
        good.clientPrivateKey = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        ServerInput bad = service(ServerGrant.CLIENT_CREDENTIALS);
        bad.clientPrivateKey = "not a key";
        ServerInput orphan = input(ServerGrant.AUTHORIZATION_CODE);
        orphan.clientPrivateKey = good.clientPrivateKey;

        assertThat(good.isClientPrivateKeyUsable()).isTrue();
        assertThat(bad.isClientPrivateKeyUsable()).isFalse();
        assertThat(orphan.isClientIdGivenWithClientDetails()).isFalse();
    }
}
