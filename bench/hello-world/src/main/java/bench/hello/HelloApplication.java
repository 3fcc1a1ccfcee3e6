package bench.hello;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS activation: resources are served from the context root. */
@ApplicationPath("/")
public class HelloApplication extends Application {
}
