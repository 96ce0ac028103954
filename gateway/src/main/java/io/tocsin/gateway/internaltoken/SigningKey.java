package io.tocsin.gateway.internaltoken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the PEM (PKCS#8, {@code BEGIN PRIVATE KEY}) RSA key that signs internal JWTs. */
public final class SigningKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private SigningKey() {
    }

    /** @param location a file path or a {@code file:} URL */
    public static RSAPrivateKey load(String location) {
        Path file = location.startsWith("file:") ? Path.of(URI.create(absolute(location))) : Path.of(location);
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal JWT signing key at " + file.toAbsolutePath()
                    + " (set TOCSIN_JWT_PRIVATE_KEY_LOCATION)", e);
        }
    }

    public static RSAPrivateKey parse(String pem) {
        int from = pem.indexOf(BEGIN);
        int to = pem.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM PKCS#8 private key (expected " + BEGIN + ")");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + BEGIN.length(), to));
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key", e);
        }
    }

    /** {@code file:relative/path} is not a valid URI for {@link Path#of(URI)}: resolve it first. */
    private static String absolute(String fileUrl) {
        String path = fileUrl.substring("file:".length());
        if (path.startsWith("/")) {
            return fileUrl;
        }
        return Path.of(path).toAbsolutePath().toUri().toString();
    }
}
