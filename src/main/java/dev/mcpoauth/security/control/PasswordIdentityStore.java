package dev.mcpoauth.security.control;

import dev.mcpoauth.sealing.control.PrivateFile;
import dev.mcpoauth.security.entity.CallerKey;
import dev.mcpoauth.security.entity.GroupsPrincipal;
import dev.mcpoauth.security.entity.ConfiguredUser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Users from configuration ({@code mcpoauth.security.users} and {@code mcpoauth.security.user.<name>.*}), for HTTP
 * Basic. Until a configured user has the role {@code mcp-admin} (or a JWT issuer is configured, whose tokens'
 * groups name the admins), a generated {@code admin} whose password is kept in the data directory signs in
 * beside them, so that adding people never locks the operator out.
 */
@ApplicationScoped
public class PasswordIdentityStore implements IdentityStore {

    static final System.Logger LOGGER = System.getLogger(PasswordIdentityStore.class.getName());
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final String USER_PREFIX = "mcpoauth.security.user.";
    static final String DEFAULT_ROLES = "mcp-user";
    static final String INITIAL_ADMIN = "admin";
    static final Set<String> INITIAL_ADMIN_ROLES = Set.of("mcp-admin", "mcp-user");
    static final String ADMIN_PASSWORD_FILE = "admin-password";
    static final String ADMIN_ROLE = "mcp-admin";

    /** The users that sign in with a password, and what the start log says about them. */
    record Roster(List<ConfiguredUser> users, String report) {
    }

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "mcpoauth.data-dir", defaultValue = "./data")
    String dataDir;

    @Inject
    Clock clock;

    Map<String, ConfiguredUser> users = Map.of();
    VerifiedCredentials verified;
    String decoyHash;
    String report = "";

    public PasswordIdentityStore() {
    }

    public PasswordIdentityStore(Collection<ConfiguredUser> users, Clock clock) {
        use(users, clock);
    }

    @PostConstruct
    void load() {
        Roster roster = rosterFrom(key -> config.getOptionalValue(key, String.class), Path.of(dataDir));
        use(roster.users(), clock);
        report = roster.report();
    }

    void reportAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        LOGGER.log(System.Logger.Level.INFO, report);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login) || login.getCaller() == null) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String name = login.getCaller();
        char[] password = login.getPassword().getValue();
        ConfiguredUser user = users.get(name);
        // unknown users still pay for one PBKDF2 run, so timing does not tell which names exist
        String storedHash = user == null ? decoyHash : user.passwordHash();
        boolean matches = verified.verify(name, password, storedHash, () -> PasswordHashes.verify(password, storedHash));
        return user != null && matches
                ? new CredentialValidationResult(
                        new GroupsPrincipal(CallerKey.basic(user.name()), user.name(), user.roles()), user.roles())
                : CredentialValidationResult.INVALID_RESULT;
    }

    public boolean hasUsers() {
        return !users.isEmpty();
    }

    /** Whether these are a configured user's credentials verified a moment ago: a hash, no PBKDF2 run. */
    public boolean remembers(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login) || login.getCaller() == null) {
            return false;
        }
        ConfiguredUser user = users.get(login.getCaller());
        return user != null && verified.contains(user.name(), login.getPassword().getValue(), user.passwordHash());
    }

    private void use(Collection<ConfiguredUser> configured, Clock clock) {
        var byName = new LinkedHashMap<String, ConfiguredUser>();
        configured.forEach(user -> byName.putIfAbsent(user.name(), user));
        this.users = Map.copyOf(byName);
        this.verified = new VerifiedCredentials(clock);
        // as many iterations as the costliest configured hash, so that an unknown name takes as long as a known one
        int iterations = configured.stream().mapToInt(user -> PasswordHashes.parse(user.passwordHash()).iterations())
                .max().orElse(PasswordHashes.DEFAULT_ITERATIONS);
        this.decoyHash = PasswordHashes.hash(randomPassword().toCharArray(), iterations);
    }

    static Roster rosterFrom(Function<String, Optional<String>> property, Path dataDir) {
        List<ConfiguredUser> configured = readUsers(property);
        List<String> names = configured.stream().map(ConfiguredUser::name).toList();
        List<String> admins = configured.stream().filter(user -> user.roles().contains(ADMIN_ROLE))
                .map(ConfiguredUser::name).toList();
        String retired = "Users signing in with a password: " + names + ". The generated user \"" + INITIAL_ADMIN
                + "\" is retired: ";
        if (property.apply("mp.jwt.verify.issuer").filter(text -> !text.isBlank()).isPresent()) {
            return new Roster(configured, retired + "mp.jwt.verify.issuer is set, admins come with its tokens"
                    + " (group mcp-admin).");
        }
        if (!admins.isEmpty()) {
            return new Roster(configured, retired + "the configured users " + admins + " have the role " + ADMIN_ROLE
                    + ".");
        }
        if (names.contains(INITIAL_ADMIN)) {
            return new Roster(configured, retired + "a configured user is named " + INITIAL_ADMIN + ".");
        }
        ConfiguredUser admin = initialAdmin(dataDir);
        var users = new ArrayList<ConfiguredUser>();
        users.add(admin);
        users.addAll(configured);
        return new Roster(users, "Users signing in with a password: " + users.stream().map(ConfiguredUser::name)
                .toList() + ". The generated user \"" + INITIAL_ADMIN + "\" (roles mcp-admin, mcp-user) is kept, with"
                + " the password in " + dataDir.resolve(ADMIN_PASSWORD_FILE) + ", because no configured user has the"
                + " role " + ADMIN_ROLE + "; give one that role (" + USER_PREFIX + "<name>.roles) to retire it.");
    }

    static List<ConfiguredUser> readUsers(Function<String, Optional<String>> property) {
        var users = new ArrayList<ConfiguredUser>();
        for (String name : list(property.apply("mcpoauth.security.users").orElse(""))) {
            if (!USER_NAME.matcher(name).matches()) {
                LOGGER.log(System.Logger.Level.WARNING, "Ignoring a configured user: names must match {0}",
                        USER_NAME.pattern());
                continue;
            }
            Optional<String> hash = property.apply(USER_PREFIX + name + ".password-hash").map(String::trim);
            if (hash.isEmpty() || !PasswordHashes.isWellFormed(hash.get())) {
                LOGGER.log(System.Logger.Level.WARNING, "Ignoring user {0}: {1}{0}.password-hash is missing or not a"
                        + " PBKDF2 hash (make one with dev.mcpoauth.security.control.PasswordHashes)", name, USER_PREFIX);
                continue;
            }
            String roles = property.apply(USER_PREFIX + name + ".roles").orElse(DEFAULT_ROLES);
            users.add(new ConfiguredUser(name, hash.get(), Set.copyOf(list(roles))));
        }
        return users;
    }

    static ConfiguredUser initialAdmin(Path dataDir) {
        var file = new PrivateFile(dataDir.resolve(ADMIN_PASSWORD_FILE));
        PrivateFile.Contents contents = file.readOrCreate(() -> randomPassword() + "\n");
        char[] password = contents.text().trim().toCharArray();
        if (password.length == 0) {
            throw new IllegalStateException(file.path() + " is empty; delete it to generate a new admin password");
        }
        if (contents.created()) {
            LOGGER.log(System.Logger.Level.WARNING, "No admin is configured: created the user \"admin\" (roles"
                    + " mcp-admin, mcp-user) with a generated password in {0}. For production configure an admin"
                    + " (mcpoauth.security.users with the role mcp-admin, or mp.jwt.verify.issuer).", file.path());
        }
        String hash = PasswordHashes.hash(password);
        Arrays.fill(password, '\0');
        return new ConfiguredUser(INITIAL_ADMIN, hash, INITIAL_ADMIN_ROLES);
    }

    static String randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
