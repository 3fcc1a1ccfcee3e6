package dev.mcpoauth.peers.stateless;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Test-only: {@code GET /test/counters} and {@code POST /test/counters/reset}. */
final class CountersServlet extends HttpServlet {

    private final Counters counters;

    CountersServlet(Counters counters) {
        this.counters = counters;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(counters.json());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        if (!request.getRequestURI().endsWith("/reset")) {
            response.setStatus(404);
            return;
        }
        counters.reset();
        response.setStatus(204);
    }
}
