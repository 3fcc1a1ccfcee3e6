package dev.mcpoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class BrokerDataSourceTest {

    static final String URL = "jdbc:h2:mem:broker-data-source-test;DB_CLOSE_DELAY=-1";

    @Test
    void opensConnectionsThroughTheDataSourceTheUrlNamesWithTheConfiguredUser() throws Exception {
        DataSource dataSource = BrokerDataSource.create(config(Map.of("mcpoauth.db.url", URL,
                "mcpoauth.db.user", "broker", "mcpoauth.db.password", "secret")));

        assertThat(dataSource).isInstanceOf(JdbcDataSource.class);
        assertThat(((JdbcDataSource) dataSource).getURL()).isEqualTo(URL);
        assertThat(((JdbcDataSource) dataSource).getUser()).isEqualTo("broker");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getUserName()).isEqualToIgnoringCase("broker");
        }
    }

    @Test
    void anExplicitDataSourceClassWins() throws Exception {
        DataSource dataSource = BrokerDataSource.create(config(Map.of("mcpoauth.db.url", URL,
                "mcpoauth.db.datasource-class", "org.h2.jdbcx.JdbcDataSource")));

        assertThat(dataSource).isInstanceOf(JdbcDataSource.class);
    }

    @Test
    void namesTheSettingForADatabaseItDoesNotKnow() {
        assertThatThrownBy(() -> BrokerDataSource.create(config(Map.of("mcpoauth.db.url",
                "jdbc:other://db.example/broker?password=hidden"))))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("mcpoauth.db.datasource-class")
                .hasMessageNotContaining("hidden");
    }

    static Config config(Map<String, String> values) {
        return new Config() {
            @Override
            public <T> T getValue(String name, Class<T> type) {
                return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
            }

            @Override
            public ConfigValue getConfigValue(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
                return Optional.ofNullable(values.get(name)).map(type::cast);
            }

            @Override
            public Iterable<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Iterable<ConfigSource> getConfigSources() {
                return java.util.List.of();
            }

            @Override
            public <T> Optional<Converter<T>> getConverter(Class<T> type) {
                return Optional.empty();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                throw new IllegalArgumentException();
            }
        };
    }
}
