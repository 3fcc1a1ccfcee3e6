package dev.mcpoauth.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST WAR ONLY: the JDK HTTP clients alive in the broker's JVM, told by their threads: each
 * client has one {@code HttpClient-<id>-SelectorManager} thread and a pool of
 * {@code HttpClient-<id>-Worker-<n>} threads.
 */
@Path("test/http-clients")
@Produces(MediaType.APPLICATION_JSON)
public class HttpClientThreadsResource {

    static final Pattern SELECTOR = Pattern.compile("HttpClient-(\\d+)-SelectorManager");
    static final Pattern WORKER = Pattern.compile("HttpClient-\\d+-Worker-\\d+");

    @GET
    public JsonObject threads() {
        Set<Integer> clients = new TreeSet<>();
        int workers = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Matcher selector = SELECTOR.matcher(thread.getName());
            if (selector.matches()) {
                clients.add(Integer.valueOf(selector.group(1)));
            } else if (WORKER.matcher(thread.getName()).matches()) {
                workers++;
            }
        }
        JsonArrayBuilder ids = Json.createArrayBuilder();
        clients.forEach(ids::add);
        return Json.createObjectBuilder()
                .add("selectorThreads", clients.size())
                .add("workerThreads", workers)
                .add("clients", ids)
                .build();
    }
}
