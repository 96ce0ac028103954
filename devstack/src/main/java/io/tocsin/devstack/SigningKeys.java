package io.tocsin.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The RSA key pair that signs internal JWTs (RS256).
 *
 * <p>On disk the pair is two PEM files: {@code private.pem} (PKCS#8, {@code BEGIN PRIVATE KEY}) and
 * {@code public.pem} (X.509 SubjectPublicKeyInfo, {@code BEGIN PUBLIC KEY}).
 */
public record SigningKeys(RSAPrivateKey privateKey, RSAPublicKey publicKey) {

    public static final String PRIVATE_FILE = "private.pem";
    public static final String PUBLIC_FILE = "public.pem";

    private static final int KEY_BITS = 2048;
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    public SigningKeys {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** A new random 2048-bit key pair, in memory only. */
    public static SigningKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKeys((RSAPrivateKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /**
     * Loads the pair from {@code dir/private.pem} and {@code dir/public.pem}; when there is no private key yet, a new
     * pair is generated and written there first (the folder is created if needed). A missing public key is derived
     * from the private one.
     */
    public static SigningKeys loadOrCreate(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            Path privateFile = dir.resolve(PRIVATE_FILE);
            Path publicFile = dir.resolve(PUBLIC_FILE);
            if (!Files.exists(privateFile)) {
                SigningKeys fresh = generate();
                // Creating private.pem is atomic and never replaces an existing file, so of two concurrent creators
                // exactly one wins; the other falls through and reads the winner's key.
                if (writeAtomically(privateFile, fresh.privateKeyPem(), true, false)) {
                    writeAtomically(publicFile, fresh.publicKeyPem(), false, true);
                    return fresh;
                }
            }
            RSAPrivateKey privateKey = parsePrivate(Files.readString(privateFile, StandardCharsets.US_ASCII));
            if (!Files.exists(publicFile)) {
                SigningKeys derived = new SigningKeys(privateKey, derivePublic(privateKey));
                writeAtomically(publicFile, derived.publicKeyPem(), false, true);
                return derived;
            }
            return load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create signing keys in " + dir, e);
        }
    }

    /** Loads an existing pair from {@code dir}; fails when either file is missing. */
    public static SigningKeys load(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            return new SigningKeys(
                    parsePrivate(Files.readString(privateFile, StandardCharsets.US_ASCII)),
                    parsePublic(Files.readString(publicFile, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys in " + dir, e);
        }
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem(PUBLIC_LABEL, publicKey.getEncoded());
    }

    /** The private key as PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
    public String privateKeyPem() {
        return pem(PRIVATE_LABEL, privateKey.getEncoded());
    }

    /** The public key as base64 of its X.509 DER encoding, on one line and without PEM header lines. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    @Override
    public String toString() {
        return "SigningKeys[publicKey=" + publicKeyBase64().substring(0, 24) + "...]";
    }

    static RSAPrivateKey parsePrivate(String pem) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(unpem(pem, PRIVATE_LABEL)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
    }

    static RSAPublicKey parsePublic(String pem) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(unpem(pem, PUBLIC_LABEL)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 RSA public key", e);
        }
    }

    private static RSAPublicKey derivePublic(RSAPrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("public.pem missing and it cannot be derived from private.pem");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive public key", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("PEM block '" + label + "' not found");
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file and an atomic move.
     *
     * @return false when {@code replace} is off and the target already existed
     */
    private static boolean writeAtomically(Path target, String content, boolean secret, boolean replace)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try {
                // temporary files start out private; only the private key stays that way
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            if (replace) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return true;
            }
            try {
                // createLink fails if the target exists, which makes "create if absent" atomic where supported.
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target);
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
