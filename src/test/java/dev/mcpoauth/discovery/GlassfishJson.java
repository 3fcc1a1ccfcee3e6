package dev.mcpoauth.discovery;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Selects the JSON-P implementation on the test classpath. The jakarta.json API 2.1 (from
 * jakartaee-api 10) defaults to Parsson, while the test dependency is org.glassfish:jakarta.json
 * 2.0.1, which has no service registration. No-op once the property is set or Parsson is present.
 */
public class GlassfishJson implements BeforeAllCallback {

    static {
        select();
    }

    static void select() {
        if (System.getProperty("jakarta.json.provider") == null && !onClasspath("org.eclipse.parsson.JsonProviderImpl")
                && onClasspath("org.glassfish.json.JsonProviderImpl")) {
            System.setProperty("jakarta.json.provider", "org.glassfish.json.JsonProviderImpl");
        }
    }

    static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, GlassfishJson.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        select();
    }
}
