package dev.mcpoauth;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives {@code mcpoauth.db.datasource-class} from the JDBC URL, so that switching to
 * PostgreSQL takes only a URL, a user and a password. An explicit value in any other source
 * still wins (this source has the lowest ordinal).
 */
public class DatabaseDefaults implements ConfigSource {

    static final String DATASOURCE_CLASS = "mcpoauth.db.datasource-class";
    static final Map<String, String> CLASS_BY_SUBPROTOCOL = Map.of(
            "jdbc:postgresql:", "org.postgresql.ds.PGSimpleDataSource",
            "jdbc:h2:", "org.h2.jdbcx.JdbcDataSource");

    private static final ThreadLocal<Boolean> RESOLVING = ThreadLocal.withInitial(() -> false);

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(DATASOURCE_CLASS);
    }

    @Override
    public String getValue(String propertyName) {
        if (!DATASOURCE_CLASS.equals(propertyName) || RESOLVING.get()) {
            return null;
        }
        RESOLVING.set(true);
        try {
            // by class loader: Payara creates connections with no thread context class loader
            return ConfigProvider.getConfig(DatabaseDefaults.class.getClassLoader())
                    .getOptionalValue("mcpoauth.db.url", String.class)
                    .map(DatabaseDefaults::dataSourceClassFor)
                    .orElse(null);
        } finally {
            RESOLVING.remove();
        }
    }

    static String dataSourceClassFor(String jdbcUrl) {
        return CLASS_BY_SUBPROTOCOL.entrySet().stream()
                .filter(entry -> jdbcUrl.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    @Override
    public int getOrdinal() {
        return 1;
    }

    @Override
    public String getName() {
        return "mcp-oauth-broker database defaults";
    }
}
