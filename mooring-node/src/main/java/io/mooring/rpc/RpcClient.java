package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * A JSON-RPC client for a Mooring (or Bitcoin Core) node, over {@link java.net.http.HttpClient}: one request per
 * call, {@code {"method","params","id":1,"jsonrpc":"2.0"}} as bitcoin-cli sends it, HTTP basic auth.
 */
public final class RpcClient {
    /** The raw HTTP outcome. */
    public record Response(int status, String body) {}

    /** The server could not be reached (Core's {@code CConnectionFailed}). */
    public static final class ConnectionFailedException extends IOException {
        public ConnectionFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String host;
    private final int port;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param userColonPassword credentials as {@code user:password} (a cookie file's line), or null for none
     * @param timeout           per-request timeout; null or zero for none (bitcoin-cli {@code -rpcclienttimeout=0})
     */
    public RpcClient(String host, int port, String userColonPassword, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.authorization = userColonPassword == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout == null || timeout.isZero() ? null : timeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (this.timeout != null) b.connectTimeout(this.timeout);
        this.http = b.build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The request body bitcoin-cli sends (Core's {@code JSONRPCRequestObj} with id 1). */
    public static String requestBody(String method, JsonNode params) {
        ObjectNode req = UniJson.NODES.objectNode();
        req.put("method", method);
        req.set("params", params == null ? UniJson.NODES.arrayNode() : params);
        req.put("id", 1);
        req.put("jsonrpc", "2.0");
        return UniJson.write(req) + "\n";
    }

    /** POSTs a raw body to {@code path}. */
    public Response post(String path, String body) throws IOException, InterruptedException {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://" + h + ":" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) rb.header("Authorization", authorization);
        if (timeout != null) rb.timeout(timeout);
        try {
            HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (ConnectException e) {
            throw new ConnectionFailedException("Could not connect to the server " + host + ":" + port, e);
        } catch (HttpTimeoutException e) {
            throw new ConnectionFailedException("Could not connect to the server " + host + ":" + port
                    + " (error code 4 - \"timeout reached\")", e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException ce) {
                throw new ConnectionFailedException("Could not connect to the server " + host + ":" + port, ce);
            }
            throw new ConnectionFailedException("Could not connect to the server " + host + ":" + port
                    + " (error code 1 - \"EOF reached\")", e);
        }
    }

    /**
     * Calls {@code method} and returns its result; a JSON-RPC error reply is thrown as {@link RpcException}; an HTTP
     * failure as {@link IOException} with bitcoin-cli's message.
     */
    public JsonNode call(String method, JsonNode params) throws RpcException, IOException, InterruptedException {
        JsonNode reply = callRaw(method, params, false);
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            JsonNode code = error.get("code");
            JsonNode message = error.get("message");
            throw new RpcException(code == null ? RpcErrorCode.RPC_MISC_ERROR.code() : code.asInt(),
                    message == null ? UniJson.write(error) : message.asText());
        }
        JsonNode result = reply.get("result");
        return result == null ? UniJson.NODES.nullNode() : result;
    }

    /**
     * Core's {@code CallRPC}: the parsed reply object, after bitcoin-cli's HTTP status checks.
     *
     * @param failedToGetAuthCookie whether the caller had no credentials (changes the 401 message)
     */
    public JsonNode callRaw(String method, JsonNode params, boolean failedToGetAuthCookie)
            throws IOException, InterruptedException {
        Response response = post("/", requestBody(method, params));
        int status = response.status();
        if (status == 401) {
            if (failedToGetAuthCookie) {
                throw new IOException("Could not locate RPC credentials. No authentication cookie could be found, "
                        + "and RPC password is not set.  See -rpcpassword and -stdinrpcpass.");
            }
            throw new IOException("Authorization failed: Incorrect rpcuser or rpcpassword");
        } else if (status == 503) {
            throw new IOException("Server response: " + response.body());
        } else if (status >= 400 && status != 400 && status != 404 && status != 500) {
            throw new IOException("server returned HTTP error " + status);
        } else if (response.body() == null || response.body().isEmpty()) {
            throw new IOException("no response from server");
        }
        JsonNode reply = UniJson.read(response.body());
        if (reply == null) throw new IOException("couldn't parse reply from server");
        if (!reply.isObject()) throw new IOException("expected reply to be a JSON object");
        return reply;
    }
}
