package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/** Builds JWTs by hand (including bad ones the driver would never send) and posts them to the login endpoint. */
final class HandBuiltLogin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FAILURE_ID = Pattern.compile("\\[([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})]");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The login answer: envelope fields plus the failure id from the message, if any. */
    record Answer(boolean success, String code, String message, JsonNode data) {
        Optional<String> failureId() {
            Matcher m = FAILURE_ID.matcher(message == null ? "" : message);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private HandBuiltLogin() {
    }

    static String fingerprint(KeyPair pair) {
        return PublicKeys.fingerprint(pair.getPublic());
    }

    /** A JWT as the driver builds it: {@code ACCOUNT.USER.SHA256:fp}, {@code exp = iat + lifetime}. */
    static String jwt(String header, String account, String user, String fingerprint, long iat, long exp, KeyPair signer) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", account + "." + user + "." + fingerprint);
        claims.put("sub", account + "." + user);
        claims.put("iat", iat);
        claims.put("exp", exp);
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        if (signer == null) {
            return signingInput + ".";
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signer.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Answer post(URI endpoint, String account, String user, String token, boolean gzip)
            throws IOException, InterruptedException {
        ObjectNode data = JSON.createObjectNode();
        data.put("CLIENT_APP_ID", "HandBuilt");
        data.put("LOGIN_NAME", user);
        data.put("ACCOUNT_NAME", account);
        data.put("AUTHENTICATOR", "SNOWFLAKE_JWT");
        data.put("TOKEN", token);
        return post(endpoint, data, gzip);
    }

    /** A {@code WORKLOAD_IDENTITY} login as snowflake-jdbc sends it: the attestation as TOKEN, the provider. */
    static Answer postWorkloadIdentity(URI endpoint, String account, String user, String attestation, String provider)
            throws IOException, InterruptedException {
        ObjectNode data = JSON.createObjectNode();
        data.put("CLIENT_APP_ID", "HandBuilt");
        if (user != null) {
            data.put("LOGIN_NAME", user);
        }
        data.put("ACCOUNT_NAME", account);
        data.put("AUTHENTICATOR", "WORKLOAD_IDENTITY");
        data.put("TOKEN", attestation);
        data.put("PROVIDER", provider);
        return post(endpoint, data, false);
    }

    private static Answer post(URI endpoint, ObjectNode data, boolean gzip) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/session/v1/login-request?requestId=1"))
                .header("Content-Type", "application/json");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(bytes);
            }
            bytes = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<String> response = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("login answered HTTP " + response.statusCode());
        }
        JsonNode answer = JSON.readTree(response.body());
        return new Answer(answer.path("success").asBoolean(), answer.path("code").asText(null),
                answer.path("message").asText(null), answer.path("data"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
