package dev.mcpoauth.it;

import dev.mcpoauth.peers.Peers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Nodes A and B on one schema, one grid (its own name, so that no other Payara on the machine
 * joins it) and fixed ports, so that a restart is the same deployment again. Node A's address is
 * the public base URL of both. Both JVMs boot at once.
 */
final class TwoNodes implements AutoCloseable {

    static final java.time.Duration BOOT_TIMEOUT = java.time.Duration.ofMinutes(5);

    final ScratchSchema schema;
    final Path dir;
    final List<BrokerNode.Address> addresses = List.of(
            new BrokerNode.Address("node-a", Peers.freePort(), Peers.freePort()),
            new BrokerNode.Address("node-b", Peers.freePort(), Peers.freePort()));
    final String gridName = "two-nodes-" + UUID.randomUUID().toString().substring(0, 8);
    final List<BrokerNode> nodes = new CopyOnWriteArrayList<>();
    Properties settings;
    BrokerNode.Cluster cluster;

    TwoNodes(ScratchSchema schema, Path dir) {
        this.schema = schema;
        this.dir = dir;
    }

    String publicBaseUrl() {
        return "http://127.0.0.1:" + addresses.get(0).httpPort();
    }

    /** Boots both nodes with these settings and waits until both are ready. */
    void start(Properties settings, String run) throws IOException, InterruptedException {
        this.settings = settings;
        cluster = new BrokerNode.Cluster(gridName, addresses, schema.url(), schema.user, schema.password, settings);
        for (BrokerNode.Address address : addresses) {
            nodes.add(BrokerNode.start(address, cluster, dir.resolve(address.name()), run));
        }
        for (BrokerNode node : nodes) {
            node.awaitReady(BOOT_TIMEOUT);
        }
    }

    /** Boots again, with the same settings, each node that is no longer running; waits until it is ready. */
    void restartStopped(String run) throws IOException, InterruptedException {
        for (int i = 0; i < nodes.size(); i++) {
            BrokerNode node = nodes.get(i);
            if (!node.process.isAlive()) {
                BrokerNode again = BrokerNode.start(node.address, cluster, dir.resolve(node.address.name()), run);
                nodes.set(i, again);
                again.awaitReady(BOOT_TIMEOUT);
            }
        }
    }

    Properties settings() {
        Properties copy = new Properties();
        copy.putAll(settings);
        return copy;
    }

    List<BrokerNode> nodes() {
        return List.copyOf(nodes);
    }

    BrokerNode a() {
        return nodes.get(0);
    }

    BrokerNode b() {
        return nodes.get(1);
    }

    /** Stops both nodes cleanly (forced when that takes too long). */
    void stop() throws InterruptedException {
        try {
            nodes.forEach(node -> node.process.destroy());
            for (BrokerNode node : nodes) {
                node.close();
            }
        } finally {
            killAll();
            nodes.clear();
        }
    }

    /** Whatever else happened: no node outlives the test. */
    void killAll() {
        nodes.forEach(node -> node.process.destroyForcibly());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
