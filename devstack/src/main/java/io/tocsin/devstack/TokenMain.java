package io.tocsin.devstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Prints one signed internal JWT (and nothing else) on stdout, signed with the keys that {@link DevStackMain}
 * keeps under {@code DIR/keys}.
 *
 * <pre>
 * java -cp ... io.tocsin.devstack.TokenMain --keys DIR [--org demo] [--roles owner[,other]] [--sub ID]
 *      [--email E] [--name N] [--ttl-minutes 5] [--issuer ISS] [--audience AUD]
 * </pre>
 *
 * <p>Defaults: org {@code demo}, roles {@code owner}, sub {@code local-user}, email {@code <sub>@example.com},
 * name = sub, lifetime 5 minutes.
 */
public final class TokenMain {

    private TokenMain() {
    }

    public static void main(String[] args) {
        Path keysDir = null;
        String org = "demo";
        String[] roles = {"owner"};
        String sub = "local-user";
        String email = null;
        String name = null;
        long ttlMinutes = InternalJwt.DEFAULT_LIFETIME.toMinutes();
        String issuer = InternalJwt.DEFAULT_ISSUER;
        String audience = InternalJwt.DEFAULT_AUDIENCE;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--keys" -> keysDir = Path.of(value(args, ++i, option));
                    case "--org" -> org = value(args, ++i, option);
                    case "--roles" -> roles = Arrays.stream(value(args, ++i, option).split(","))
                            .map(String::trim).filter(role -> !role.isEmpty()).toArray(String[]::new);
                    case "--sub" -> sub = value(args, ++i, option);
                    case "--issuer" -> issuer = value(args, ++i, option);
                    case "--audience" -> audience = value(args, ++i, option);
                    case "--email" -> email = value(args, ++i, option);
                    case "--name" -> name = value(args, ++i, option);
                    case "--ttl-minutes" -> {
                        String text = value(args, ++i, option);
                        try {
                            ttlMinutes = Long.parseLong(text);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("not a number of minutes: " + text);
                        }
                        if (ttlMinutes <= 0) {
                            throw new IllegalArgumentException("--ttl-minutes must be positive");
                        }
                    }
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + option);
                }
            }
            if (keysDir == null) {
                throw new IllegalArgumentException("--keys DIR is required");
            }
            if (!Files.isRegularFile(keysDir.resolve(SigningKeys.PRIVATE_FILE))) {
                throw new IllegalArgumentException("no " + SigningKeys.PRIVATE_FILE + " in " + keysDir
                        + " (start DevStackMain first)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }

        SigningKeys keys = SigningKeys.load(keysDir);
        String token = InternalJwt.builder()
                .issuer(issuer)
                .audience(audience)
                .subject(sub)
                .org(org)
                .roles(roles)
                .email(email != null ? email : sub + "@example.com")
                .name(name != null ? name : sub)
                .expiresIn(Duration.ofMinutes(ttlMinutes))
                .sign(keys.privateKey());
        System.out.println(token);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(PrintStream out) {
        out.println("usage: TokenMain --keys DIR [--org demo] [--roles owner[,role...]] [--sub ID] [--email E]"
                + " [--name N] [--ttl-minutes 5] [--issuer tocsin-gateway] [--audience tocsin]");
    }
}
