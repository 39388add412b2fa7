package dev.sluice.cli.dashboard;

import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The dashboard's routes: the page at {@code /}, its data at {@code GET /dashboard/data[?since=ms]}
 * and its assets (the page's script and style, and uPlot from its WebJar) at {@code
 * /dashboard/assets/{name}}, all from the jar, so the page works offline. Read-only: with API keys
 * configured the page stays open like every other read ({@link dev.sluice.platform.http.ApiKeys}),
 * since it shows counts, not anyone's data; its order lookup goes through {@code GET
 * /orders/{id}/history}, which masks the e-mail for a request without a key.
 */
public final class DashboardRoutes {
    private static final String OWN = "dev/sluice/cli/dashboard/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    /** Only these names are served: nothing reaches the class path from a request path. */
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.js", OWN + "dashboard.js",
            "dashboard.css", OWN + "dashboard.css",
            "uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "uPlot.min.css", UPLOT + "uPlot.min.css");

    private final Dashboard dashboard;

    public DashboardRoutes(Dashboard dashboard) {
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource(OWN + "index.html")));
        routes.get("/dashboard/data", this::data);
        routes.get("/dashboard/assets/{name}", DashboardRoutes::asset);
    }

    private void data(Context ctx) {
        String since = ctx.queryParam("since");
        long from;
        try {
            from = since == null ? 0 : Long.parseLong(since);
        } catch (NumberFormatException e) {
            throw BadRequest.field("since", "must be a time in epoch milliseconds, e.g. ?since=1700000000000");
        }
        ctx.header("Cache-Control", "no-store").json(dashboard.snapshot(from));
    }

    private static void asset(Context ctx) {
        String name = ctx.pathParam("name");
        String path = ASSETS.get(name);
        if (path == null) {
            throw HttpError.notFound("no dashboard asset " + name);
        }
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        ctx.header("Cache-Control", "max-age=300").contentType(type).result(resource(path));
    }

    private static byte[] resource(String path) {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uPlot WebJar's version, from its Maven metadata, so the pom alone sets it. */
    private static String uplotVersion() {
        String pom = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(pom)) {
            if (in == null) {
                throw new IllegalStateException(pom + " is missing: the uPlot WebJar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
