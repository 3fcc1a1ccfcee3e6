package dev.mcpoauth.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.security.entity.ConfiguredUser;
import dev.mcpoauth.security.entity.GroupsPrincipal;
import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordIdentityStoreTest {

    static final String ALICE_HASH = PasswordHashes.hash("alice-secret".toCharArray(), 1_000);

    @TempDir
    Path tmp;

    final PasswordIdentityStore store = new PasswordIdentityStore(
            List.of(new ConfiguredUser("alice", ALICE_HASH, Set.of("mcp-user", "mcp-admin"))), Clock.systemUTC());

    final Map<String, String> properties = new HashMap<>();

    Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    @Test
    void validatesAConfiguredUserWithItsRoles() {
        CredentialValidationResult result = store.validate(new UsernamePasswordCredential("alice", "alice-secret"));

        assertThat(result.getStatus()).isEqualTo(Status.VALID);
        assertThat(result.getCallerPrincipal().getName()).isEqualTo("basic:alice");
        assertThat(((GroupsPrincipal) result.getCallerPrincipal()).displayName()).isEqualTo("alice");
        assertThat(result.getCallerGroups()).containsExactlyInAnyOrder("mcp-user", "mcp-admin");
    }

    @Test
    void validatesAgainFromTheCache() {
        store.validate(new UsernamePasswordCredential("alice", "alice-secret"));

        assertThat(store.verified.size()).isEqualTo(1);
        assertThat(store.validate(new UsernamePasswordCredential("alice", "alice-secret")).getStatus())
                .isEqualTo(Status.VALID);
    }

    @Test
    void rejectsAWrongPassword() {
        assertThat(store.validate(new UsernamePasswordCredential("alice", "guess")).getStatus())
                .isEqualTo(Status.INVALID);
        assertThat(store.verified.size()).isZero();
    }

    @Test
    void rejectsAnUnknownUser() {
        assertThat(store.validate(new UsernamePasswordCredential("mallory", "alice-secret")).getStatus())
                .isEqualTo(Status.INVALID);
    }

    @Test
    void makesUnknownUsersPayAsManyIterationsAsTheCostliestConfiguredOne() {
        var mixed = new PasswordIdentityStore(List.of(new ConfiguredUser("alice", ALICE_HASH, Set.of()),
                new ConfiguredUser("bob", PasswordHashes.hash("b".toCharArray(), 2_000), Set.of())), Clock.systemUTC());

        assertThat(PasswordHashes.parse(mixed.decoyHash).iterations()).isEqualTo(2_000);
        assertThat(mixed.validate(new UsernamePasswordCredential("mallory", "x")).getStatus()).isEqualTo(Status.INVALID);
        assertThat(mixed.remembers(new UsernamePasswordCredential("mallory", "x"))).isFalse();
    }

    @Test
    void leavesBearerTokensToAnotherStore() {
        assertThat(store.validate(new JwtCredential("a.b.c")).getStatus()).isEqualTo(Status.NOT_VALIDATED);
    }

    @Test
    void readsUsersHashesAndRolesFromConfiguration() {
        properties.put("mcpoauth.security.users", "alice, bob");
        properties.put("mcpoauth.security.user.alice.password-hash", ALICE_HASH);
        properties.put("mcpoauth.security.user.alice.roles", "mcp-admin, mcp-user");
        properties.put("mcpoauth.security.user.bob.password-hash", ALICE_HASH);

        List<ConfiguredUser> users = PasswordIdentityStore.readUsers(this::property);

        assertThat(users).extracting(ConfiguredUser::name).containsExactly("alice", "bob");
        assertThat(users.get(0).roles()).containsExactlyInAnyOrder("mcp-admin", "mcp-user");
        assertThat(users.get(1).roles()).as("default roles").containsExactly("mcp-user");
    }

    @Test
    void ignoresUsersWithoutAWellFormedHash() {
        properties.put("mcpoauth.security.users", "alice,bob,carol,bad name");
        properties.put("mcpoauth.security.user.alice.password-hash", "plain-password");
        properties.put("mcpoauth.security.user.carol.password-hash", ALICE_HASH);

        assertThat(PasswordIdentityStore.readUsers(this::property)).extracting(ConfiguredUser::name)
                .containsExactly("carol");
    }

    @Test
    void keepsTheGeneratedAdminBesideConfiguredUsersUntilOneOfThemIsAnAdmin() {
        properties.put("mcpoauth.security.users", "alice");
        properties.put("mcpoauth.security.user.alice.password-hash", ALICE_HASH);

        PasswordIdentityStore.Roster roster = PasswordIdentityStore.rosterFrom(this::property, tmp);

        assertThat(roster.users()).extracting(ConfiguredUser::name).containsExactly("admin", "alice");
        assertThat(tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE)).exists();
        assertThat(roster.report()).contains("[admin, alice]").contains("\"admin\"").contains("is kept")
                .contains(tmp.resolve("admin-password").toString()).contains("no configured user has the role mcp-admin")
                .contains("mcpoauth.security.user.<name>.roles");
    }

    @Test
    void retiresTheGeneratedAdminOnceAConfiguredUserIsAnAdminAndSaysWhy() {
        properties.put("mcpoauth.security.users", "alice,bob");
        properties.put("mcpoauth.security.user.alice.password-hash", ALICE_HASH);
        properties.put("mcpoauth.security.user.bob.password-hash", ALICE_HASH);
        properties.put("mcpoauth.security.user.bob.roles", "mcp-user,mcp-admin");

        PasswordIdentityStore.Roster roster = PasswordIdentityStore.rosterFrom(this::property, tmp);

        assertThat(roster.users()).extracting(ConfiguredUser::name).containsExactly("alice", "bob");
        assertThat(tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE)).doesNotExist();
        assertThat(roster.report()).contains("[alice, bob]").contains("is retired")
                .contains("the configured users [bob] have the role mcp-admin");
    }

    @Test
    void aConfiguredUserNamedAdminReplacesTheGeneratedOne() {
        properties.put("mcpoauth.security.users", "admin");
        properties.put("mcpoauth.security.user.admin.password-hash", ALICE_HASH);

        PasswordIdentityStore.Roster roster = PasswordIdentityStore.rosterFrom(this::property, tmp);

        assertThat(roster.users()).singleElement().satisfies(user -> {
            assertThat(user.passwordHash()).isEqualTo(ALICE_HASH);
            assertThat(user.roles()).containsExactly("mcp-user");
        });
        assertThat(roster.report()).contains("is retired").contains("a configured user is named admin");
    }

    @Test
    void createsNoInitialAdminWhenJwtIsConfigured() {
        properties.put("mp.jwt.verify.issuer", "https://issuer.example");

        PasswordIdentityStore.Roster roster = PasswordIdentityStore.rosterFrom(this::property, tmp);

        assertThat(roster.users()).isEmpty();
        assertThat(tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE)).doesNotExist();
        assertThat(roster.report()).contains("is retired").contains("mp.jwt.verify.issuer is set");
    }

    @Test
    void createsAnInitialAdminWithAGeneratedOwnerOnlyPassword() throws Exception {
        List<ConfiguredUser> users = PasswordIdentityStore.rosterFrom(this::property, tmp).users();

        Path file = tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE);
        String password = Files.readString(file).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(users).singleElement().satisfies(admin -> {
            assertThat(admin.name()).isEqualTo("admin");
            assertThat(admin.roles()).containsExactlyInAnyOrder("mcp-admin", "mcp-user");
        });
        var admin = new PasswordIdentityStore(users, Clock.systemUTC());
        assertThat(admin.validate(new UsernamePasswordCredential("admin", password)).getStatus())
                .isEqualTo(Status.VALID);
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void reusesTheInitialAdminPasswordOnRestart() throws Exception {
        PasswordIdentityStore.initialAdmin(tmp);
        String first = Files.readString(tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE));

        ConfiguredUser again = PasswordIdentityStore.initialAdmin(tmp);

        assertThat(Files.readString(tmp.resolve(PasswordIdentityStore.ADMIN_PASSWORD_FILE))).isEqualTo(first);
        assertThat(PasswordHashes.verify(first.trim().toCharArray(), again.passwordHash())).isTrue();
    }

    @Test
    void toStringOfAUserOmitsTheHash() {
        assertThat(new ConfiguredUser("alice", ALICE_HASH, Set.of()).toString()).doesNotContain(ALICE_HASH);
    }
}
