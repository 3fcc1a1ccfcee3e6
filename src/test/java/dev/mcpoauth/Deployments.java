package dev.mcpoauth;

import java.io.File;
import java.net.URISyntaxException;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR as the build packaged it; in-container tests add themselves and AssertJ to it. */
public final class Deployments {

    private Deployments() {}

    public static WebArchive broker() {
        File war = new File(System.getProperty("broker.war", "target/mcp-oauth-broker.war"));
        // ROOT.war deploys at the context root, as the README's run command does
        return ShrinkWrap.create(WebArchive.class, "ROOT.war").merge(ShrinkWrap.createFromZipFile(WebArchive.class, war));
    }

    public static WebArchive brokerWithTests(Class<?>... testClasses) {
        return broker().addClasses(testClasses).addAsLibrary(jarOf(Assertions.class));
    }

    static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
