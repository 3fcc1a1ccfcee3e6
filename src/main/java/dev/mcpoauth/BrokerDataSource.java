package dev.mcpoauth;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The data source class named by {@link SchemaMigration}'s definition: reads {@code mcpoauth.db.*} from the
 * application's MicroProfile Config when the first connection is made, and opens connections through the
 * database's own data source ({@code mcpoauth.db.datasource-class}, by default the one the URL names).
 * Payara resolves {@code ${MPCONFIG=...}} in a definition while it reads the annotations, before the
 * application's configuration exists, so such values logged a warning at every start and were
 * resolved only on a second try; this class keeps the definition free of them.
 */
public class BrokerDataSource implements DataSource {

    static final String URL = "mcpoauth.db.url";
    static final String USER = "mcpoauth.db.user";
    static final String PASSWORD = "mcpoauth.db.password";

    private volatile DataSource target;
    private PrintWriter logWriter;
    private int loginTimeout;

    DataSource target() throws SQLException {
        DataSource current = target;
        if (current == null) {
            synchronized (this) {
                if (target == null) {
                    target = create(ConfigProvider.getConfig(BrokerDataSource.class.getClassLoader()));
                }
                current = target;
            }
        }
        return current;
    }

    static DataSource create(Config config) throws SQLException {
        String url = config.getValue(URL, String.class);
        String className = config.getOptionalValue(DatabaseDefaults.DATASOURCE_CLASS, String.class)
                .or(() -> Optional.ofNullable(DatabaseDefaults.dataSourceClassFor(url)))
                .orElseThrow(() -> new SQLException("Set " + DatabaseDefaults.DATASOURCE_CLASS + ": no data source"
                        + " class is known for this JDBC URL's database"));
        try {
            Object dataSource = Class.forName(className, true, BrokerDataSource.class.getClassLoader())
                    .getConstructor().newInstance();
            if (!(dataSource instanceof DataSource database)) {
                throw new SQLException(className + " is not a javax.sql.DataSource");
            }
            set(database, url, "setURL", "setUrl");
            Optional<String> user = config.getOptionalValue(USER, String.class);
            if (user.isPresent()) {
                set(database, user.get(), "setUser");
            }
            Optional<String> password = config.getOptionalValue(PASSWORD, String.class);
            if (password.isPresent()) {
                set(database, password.get(), "setPassword");
            }
            return database;
        } catch (ReflectiveOperationException e) {
            throw new SQLException("Cannot create the data source " + className + ": " + e, e);
        }
    }

    private static void set(Object dataSource, String value, String... setterNames)
            throws ReflectiveOperationException {
        for (String name : setterNames) {
            Method setter;
            try {
                setter = dataSource.getClass().getMethod(name, String.class);
            } catch (NoSuchMethodException e) {
                continue;
            }
            try {
                setter.invoke(dataSource, value);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(dataSource.getClass().getName() + "." + name + " failed",
                        e.getCause());
            }
            return;
        }
        throw new NoSuchMethodException(dataSource.getClass().getName() + " has none of " + String.join(", ",
                setterNames));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target().isWrapperFor(type);
    }
}
