package dev.mcpoauth.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code feature-client.mjs}, the TypeScript SDK's own client, against the test MCP server and
 * returns its one-line JSON report (the token goes in the environment, never on a command line).
 */
final class FeatureClient {

    private static final long TIMEOUT_SECONDS = 90;

    private FeatureClient() {
    }

    static Map<String, Object> run(String mcpUrl, String accessToken) {
        NodePeer.requireInstalled();
        ProcessBuilder builder = new ProcessBuilder(List.of(NodePeer.nodeBinary(), "feature-client.mjs"))
                .directory(NodePeer.peersDir().toFile())
                .redirectError(NodePeer.logDir().resolve("feature-client.log").toFile());
        builder.environment().put("MCP_URL", mcpUrl);
        builder.environment().put("MCP_ACCESS_TOKEN", accessToken);
        try {
            NodePeer.logDir().toFile().mkdirs();
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("feature-client.mjs did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("feature-client.mjs exited with " + process.exitValue()
                        + "; see target/peers/feature-client.log");
            }
            return JsonMaps.parse(new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
