import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the Kubernetes manifests under {@code deploy/kubernetes} without a cluster and without any library: JDK 17+.
 *
 * <pre>
 *   java deploy/kubernetes/check/ManifestCheck.java [--root DIR] [--no-kubectl] [--kubectl PATH]
 * </pre>
 *
 * <p>Run from the repository root (or anywhere below it). It parses every YAML file of {@code base/} and
 * {@code overlays/}, checks every {@code kustomization.yaml} (referenced files exist, no file is left out, no
 * {@code secretGenerator}), then checks the objects of the base and of each overlay: rendered with
 * {@code kubectl kustomize} when {@code kubectl} is on the PATH, else collected from the kustomization files
 * directly (patches not applied). Object checks: required fields per kind, selectors that select something, every
 * Secret/ConfigMap a workload or operator resource refers to is defined or listed in {@code README.md} as
 * operator-provided (with the key), no Secret carries values, nothing secret-looking is a literal. Exit 0 when all
 * is well, 1 with one line per problem otherwise, 2 on bad usage.
 *
 * <p>The YAML reader covers the subset the manifests and {@code kubectl kustomize} use: block mappings and
 * sequences, plain/quoted/multi-line scalars, literal and folded block scalars, {@code ---} separators, one-line flow
 * collections. No anchors, aliases, tags or complex keys.
 */
public class ManifestCheck {

    private static final String README_BEGIN = "<!-- operator-provided:begin -->";
    private static final String README_END = "<!-- operator-provided:end -->";
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "ClusterIssuer",
            "IngressClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");
    /** Environment variables and ConfigMap keys that must come from a Secret, never from a literal. */
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*|.*_KEY",
            Pattern.CASE_INSENSITIVE);

    private final Path root;
    private final boolean useKubectl;
    private final String kubectlOverride;
    private final Set<String> problems = new LinkedHashSet<>();
    private final Set<String> referencedOperatorResources = new TreeSet<>();
    private int filesParsed;
    private int documentsParsed;

    public static void main(String[] args) {
        Path root = null;
        boolean kubectl = true;
        String kubectlPath = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> {
                    if (i + 1 >= args.length) {
                        usage("--root needs a directory");
                    }
                    root = Paths.get(args[++i]);
                }
                case "--no-kubectl" -> kubectl = false;
                case "--kubectl" -> {
                    if (i + 1 >= args.length) {
                        usage("--kubectl needs a path");
                    }
                    kubectlPath = args[++i];
                }
                case "-h", "--help" -> {
                    System.out.println("usage: java deploy/kubernetes/check/ManifestCheck.java [--root DIR] [--no-kubectl]"
                            + " [--kubectl PATH]");
                    System.exit(0);
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (root == null) {
            root = findRoot();
        }
        if (root == null || !Files.isDirectory(root.resolve("base"))) {
            System.err.println("ManifestCheck: cannot find deploy/kubernetes (with base/) from " + Paths.get("")
                    .toAbsolutePath() + "; run it from the repository root or pass --root deploy/kubernetes");
            System.exit(2);
        }
        System.exit(new ManifestCheck(root.toAbsolutePath().normalize(), kubectl, kubectlPath).run());
    }

    private static void usage(String message) {
        System.err.println("ManifestCheck: " + message);
        System.exit(2);
    }

    /** deploy/kubernetes below the current folder or one of its parents. */
    private static Path findRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("base")) && dir.endsWith(Paths.get("deploy", "kubernetes"))) {
                return dir;
            }
            Path candidate = dir.resolve("deploy").resolve("kubernetes");
            if (Files.isDirectory(candidate.resolve("base"))) {
                return candidate;
            }
        }
        return null;
    }

    ManifestCheck(Path root, boolean useKubectl, String kubectlOverride) {
        this.root = root;
        this.useKubectl = useKubectl;
        this.kubectlOverride = kubectlOverride;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Run

    int run() {
        System.out.println("ManifestCheck: " + display(root));
        OperatorProvided operatorProvided = readReadme();

        // 1. Every YAML file parses; no Secret values, no secret-looking literals anywhere.
        Map<Path, List<Object>> yamlFiles = parseAllFiles();
        System.out.printf("  parsed %d YAML files, %d documents%n", filesParsed, documentsParsed);
        yamlFiles.forEach((file, docs) -> docs.forEach(doc -> scanDocument(display(file), doc)));

        // 2. Every kustomization: referenced files exist, no file is left out.
        Map<Path, Kustomization> kustomizations = readKustomizations(yamlFiles);
        checkNoOrphans(kustomizations);
        String namespace = checkNamespaces(kustomizations);
        checkFileReferences(yamlFiles, kustomizations, operatorProvided);

        // 3. The object sets: base and each overlay, rendered or collected.
        List<Path> targets = new ArrayList<>();
        targets.add(root.resolve("base"));
        try (Stream<Path> overlays = list(root.resolve("overlays"))) {
            overlays.filter(p -> kustomizationFile(p) != null).sorted().forEach(targets::add);
        }
        Path kubectl = useKubectl ? locateKubectl() : null;
        if (!useKubectl) {
            System.out.println("  --no-kubectl: checking the kustomization files directly (patches not applied)");
        } else if (kubectl == null) {
            System.out.println("  kubectl not found: checking the kustomization files directly (patches not applied)");
        } else {
            System.out.println("  kubectl found (" + kubectlVersion(kubectl) + "): checking `kubectl kustomize` output");
        }
        for (Path target : targets) {
            String name = display(target);
            Collected statically = collect(target, kustomizations, new LinkedHashSet<>());
            checkPatchTargets(name, target, kustomizations, statically);
            List<Obj> objects;
            boolean rendered = false;
            objects = kubectl != null ? render(kubectl, target) : null;
            if (objects != null) {
                rendered = true;
                objects.forEach(o -> scanDocument(name + " (rendered) " + o.id(), o.body));
            } else {
                if (kubectl != null) {
                    System.out.println("  " + name + ": rendering failed, checking its kustomization files directly");
                }
                objects = statically.objects;
            }
            ObjectSet set = new ObjectSet(name, target.getFileName().toString(), objects, rendered,
                    rendered ? Map.of() : statically.generatedConfigMaps, namespace);
            set.check(operatorProvided);
            System.out.printf("  %s: %d objects (%s)%n", name, objects.size(), set.summary());
        }

        // 4. The README lists only what something uses.
        for (OperatorProvided.Entry entry : operatorProvided.entries.values()) {
            if (!referencedOperatorResources.contains(entry.kind + "/" + entry.name)) {
                problem("README.md lists %s %s as operator-provided, but no manifest refers to it", entry.kind,
                        entry.name);
            }
        }

        if (problems.isEmpty()) {
            System.out.println("OK: no problems found");
            return 0;
        }
        System.out.println("FAILED: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":");
        problems.forEach(p -> System.out.println("  - " + p));
        return 1;
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }

    private String display(Path path) {
        Path base = root.getParent() != null && root.getParent().getParent() != null
                ? root.getParent().getParent() : root;
        Path rel = base.relativize(path.toAbsolutePath().normalize());
        String s = rel.toString().replace(File.separatorChar, '/');
        return s.isEmpty() ? "." : s;
    }

    private static Stream<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // README: the Secrets and ConfigMaps the operator creates

    /** The rows of the README table between the operator-provided markers: kind, name, keys. */
    static final class OperatorProvided {
        record Entry(String kind, String name, Set<String> keys) {
        }

        final Map<String, Entry> entries = new LinkedHashMap<>();

        Entry find(String kind, String name) {
            return entries.get(kind + "/" + name);
        }
    }

    private OperatorProvided readReadme() {
        OperatorProvided result = new OperatorProvided();
        Path readme = root.resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            problem("%s is missing: it must list the Secrets and ConfigMaps the operator creates", display(readme));
            return result;
        }
        List<String> lines = read(readme).lines().toList();
        int begin = lines.indexOf(README_BEGIN);
        int end = lines.indexOf(README_END);
        if (begin < 0 || end < begin) {
            problem("%s has no table between %s and %s listing the operator-provided Secrets and ConfigMaps",
                    display(readme), README_BEGIN, README_END);
            return result;
        }
        for (String line : lines.subList(begin + 1, end)) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("|")) {
                continue;
            }
            String[] cells = trimmed.substring(1).split("\\|", -1);
            if (cells.length < 3) {
                continue;
            }
            String kind = cells[0].trim();
            if (!kind.equals("Secret") && !kind.equals("ConfigMap")) {
                continue; // header and separator rows
            }
            List<String> names = backticked(cells[1]);
            if (names.size() != 1) {
                problem("%s: operator-provided row needs exactly one `name`: %s", display(readme), trimmed);
                continue;
            }
            Set<String> keys = new TreeSet<>(backticked(cells[2]));
            result.entries.put(kind + "/" + names.get(0), new OperatorProvided.Entry(kind, names.get(0), keys));
        }
        if (result.entries.isEmpty()) {
            problem("%s: the operator-provided table is empty", display(readme));
        }
        return result;
    }

    private static List<String> backticked(String cell) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int a = cell.indexOf('`', i);
            int b = a < 0 ? -1 : cell.indexOf('`', a + 1);
            if (b < 0) {
                return out;
            }
            out.add(cell.substring(a + 1, b));
            i = b + 1;
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Files

    private Map<Path, List<Object>> parseAllFiles() {
        Map<Path, List<Object>> result = new TreeMap<>();
        for (String dir : List.of("base", "overlays")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                        continue;
                    }
                    try {
                        List<Object> docs = Yaml.parseStream(read(file), display(file));
                        result.put(file, docs);
                        filesParsed++;
                        documentsParsed += docs.size();
                    } catch (YamlException e) {
                        problem("%s", e.getMessage());
                    }
                }
            } catch (IOException e) {
                problem("cannot list %s: %s", display(root.resolve(dir)), e.getMessage());
            }
        }
        return result;
    }

    /** Checks that hold for any document, file or rendered: Secret values, secret-looking literals, references. */
    private void scanDocument(String where, Object doc) {
        if (!(doc instanceof Map<?, ?> map)) {
            return;
        }
        String kind = str(map.get("kind"));
        if ("Secret".equals(kind)) {
            for (String field : List.of("data", "stringData")) {
                Object values = map.get(field);
                if (values instanceof Map<?, ?> m && !m.isEmpty()) {
                    problem("%s: Secret %s has %s values; Secrets are created by the operator, never committed", where,
                            str(path(map, "metadata", "name")), field);
                }
            }
        }
        if ("ConfigMap".equals(kind) && map.get("data") instanceof Map<?, ?> data) {
            for (Object key : data.keySet()) {
                if (SECRET_LIKE.matcher(String.valueOf(key)).matches()) {
                    problem("%s: ConfigMap %s has key %s, which looks secret: put it in a Secret", where,
                            str(path(map, "metadata", "name")), key);
                }
            }
        }
        walkEnv(where, doc);
    }

    /** Any env entry with a secret-looking name must not carry a literal value. */
    private void walkEnv(String where, Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("env") instanceof List<?> env) {
                for (Object e : env) {
                    if (e instanceof Map<?, ?> var && var.get("name") != null
                            && SECRET_LIKE.matcher(str(var.get("name"))).matches()
                            && var.get("value") != null && !str(var.get("value")).isEmpty()) {
                        problem("%s: env %s has a literal value; take it from a Secret (secretKeyRef)", where,
                                str(var.get("name")));
                    }
                }
            }
            map.values().forEach(v -> walkEnv(where, v));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walkEnv(where, v));
        }
    }

    /**
     * References written in the files themselves (patches included, which no object set shows unapplied): a README
     * entry is in use when some file refers to it, with a listed key; a patch may refer only to what exists.
     */
    private void checkFileReferences(Map<Path, List<Object>> yamlFiles, Map<Path, Kustomization> kustomizations,
            OperatorProvided operatorProvided) {
        Set<String> defined = new TreeSet<>();
        Set<Path> patchFiles = new TreeSet<>();
        for (Kustomization k : kustomizations.values()) {
            for (Object gen : listOf(k.body.get("configMapGenerator"), "")) {
                defined.add("ConfigMap/" + str(path(gen, "name")));
            }
            for (Map<?, ?> patch : k.patches) {
                if (patch.get("path") != null) {
                    patchFiles.add(k.dir.resolve(str(patch.get("path"))).normalize());
                }
            }
        }
        yamlFiles.values().forEach(docs -> docs.forEach(doc -> {
            String kind = str(path(doc, "kind"));
            if (kind.equals("ConfigMap") || kind.equals("Secret")) {
                defined.add(kind + "/" + str(path(doc, "metadata", "name")));
            }
        }));
        yamlFiles.forEach((file, docs) -> docs.forEach(doc -> {
            List<Ref> refs = new ArrayList<>();
            collectRefs(doc, refs, "");
            for (Ref ref : refs) {
                OperatorProvided.Entry entry = operatorProvided.find(ref.kind, ref.name);
                if (entry != null) {
                    referencedOperatorResources.add(ref.kind + "/" + ref.name);
                    if (ref.key != null && !entry.keys().contains(ref.key)) {
                        problem("%s: %s refers to key %s of %s %s, but README.md lists only %s", display(file),
                                ref.at, ref.key, ref.kind, ref.name, entry.keys());
                    }
                } else if (patchFiles.contains(file.normalize()) && !defined.contains(ref.kind + "/" + ref.name)) {
                    problem("%s: %s refers to %s %s, which is neither defined nor listed as operator-provided in "
                            + "README.md", display(file), ref.at, ref.kind, ref.name);
                }
            }
        }));
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Kustomizations

    /** A kustomization.yaml and every file it names. */
    static final class Kustomization {
        final Path dir;
        final Path file;
        final Map<?, ?> body;
        final Set<Path> referencedFiles = new LinkedHashSet<>();
        final List<Path> resources = new ArrayList<>();
        final List<Map<?, ?>> patches = new ArrayList<>();

        Kustomization(Path file, Map<?, ?> body) {
            this.dir = file.getParent();
            this.file = file;
            this.body = body;
        }
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    private Map<Path, Kustomization> readKustomizations(Map<Path, List<Object>> yamlFiles) {
        Map<Path, Kustomization> result = new TreeMap<>();
        int checked = 0;
        for (Map.Entry<Path, List<Object>> entry : yamlFiles.entrySet()) {
            Path file = entry.getKey();
            String fileName = file.getFileName().toString();
            if (!fileName.equals("kustomization.yaml") && !fileName.equals("kustomization.yml")) {
                continue;
            }
            String where = display(file);
            if (entry.getValue().size() != 1 || !(entry.getValue().get(0) instanceof Map<?, ?> body)) {
                problem("%s: a kustomization must be one YAML mapping", where);
                continue;
            }
            Kustomization k = new Kustomization(file, body);
            result.put(k.dir, k);
            if (!"Kustomization".equals(str(body.get("kind")))) {
                problem("%s: kind must be Kustomization", where);
            }
            if (body.get("secretGenerator") != null) {
                problem("%s: secretGenerator would commit secret values; reference operator-created Secrets instead",
                        where);
            }
            for (String field : List.of("patchesStrategicMerge", "patchesJson6902", "commonLabels", "bases", "vars")) {
                if (body.get(field) != null) {
                    problem("%s: '%s' is deprecated in kustomize v5; use %s", where, field,
                            field.startsWith("patches") ? "'patches'" : field.equals("commonLabels") ? "'labels'"
                                    : field.equals("bases") ? "'resources'" : "'replacements'");
                }
            }
            for (Object r : listOf(body.get("resources"), where + " resources")) {
                String ref = str(r);
                checked++;
                if (ref.contains("://") || ref.startsWith("github.com/")) {
                    problem("%s: remote resource %s: the manifests must render offline", where, ref);
                    continue;
                }
                Path p = k.dir.resolve(ref).normalize();
                if (Files.isDirectory(p)) {
                    if (kustomizationFile(p) == null) {
                        problem("%s: resource %s is a directory without kustomization.yaml", where, ref);
                    }
                    k.resources.add(p);
                } else if (Files.isRegularFile(p)) {
                    k.resources.add(p);
                    k.referencedFiles.add(p);
                } else {
                    problem("%s: resource %s does not exist", where, ref);
                }
            }
            for (Object c : listOf(body.get("components"), where + " components")) {
                Path p = k.dir.resolve(str(c)).normalize();
                checked++;
                if (!Files.isDirectory(p) || kustomizationFile(p) == null) {
                    problem("%s: component %s does not exist or has no kustomization.yaml", where, str(c));
                }
            }
            for (Object patch : listOf(body.get("patches"), where + " patches")) {
                if (!(patch instanceof Map<?, ?> pm)) {
                    problem("%s: each patches entry must be a mapping with path or patch", where);
                    continue;
                }
                k.patches.add(pm);
                if (pm.get("path") != null) {
                    Path p = k.dir.resolve(str(pm.get("path"))).normalize();
                    checked++;
                    if (!Files.isRegularFile(p)) {
                        problem("%s: patch %s does not exist", where, str(pm.get("path")));
                    }
                    k.referencedFiles.add(p);
                } else if (pm.get("patch") == null) {
                    problem("%s: a patches entry needs path or patch", where);
                }
            }
            for (Object gen : listOf(body.get("configMapGenerator"), where + " configMapGenerator")) {
                if (!(gen instanceof Map<?, ?> gm) || str(gm.get("name")).isEmpty()) {
                    problem("%s: each configMapGenerator entry needs a name", where);
                    continue;
                }
                for (String field : List.of("files", "envs")) {
                    for (Object f : listOf(gm.get(field), where + " configMapGenerator " + field)) {
                        String spec = str(f);
                        String rel = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
                        Path p = k.dir.resolve(rel).normalize();
                        checked++;
                        if (!Files.isRegularFile(p)) {
                            problem("%s: configMapGenerator %s: file %s does not exist", where, str(gm.get("name")),
                                    rel);
                        }
                        k.referencedFiles.add(p);
                    }
                }
            }
        }
        System.out.printf("  %d kustomizations, %d referenced paths checked%n", result.size(), checked);
        if (!result.containsKey(root.resolve("base"))) {
            problem("%s has no kustomization.yaml", display(root.resolve("base")));
        }
        return result;
    }

    /** Every file under base/ and overlays/ is a kustomization or is used by one. */
    private void checkNoOrphans(Map<Path, Kustomization> kustomizations) {
        Set<Path> used = new LinkedHashSet<>();
        kustomizations.values().forEach(k -> {
            used.add(k.file);
            used.addAll(k.referencedFiles);
        });
        for (String dir : List.of("base", "overlays")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().toLowerCase().startsWith("readme"))
                        .filter(p -> !used.contains(p.normalize()))
                        .sorted()
                        .forEach(p -> problem("%s is not used by any kustomization.yaml (add it to resources, patches"
                                + " or a generator, or delete it)", display(p)));
            } catch (IOException e) {
                problem("cannot list %s: %s", dir, e.getMessage());
            }
        }
    }

    private String checkNamespaces(Map<Path, Kustomization> kustomizations) {
        Set<String> namespaces = new TreeSet<>();
        for (Kustomization k : kustomizations.values()) {
            String ns = str(k.body.get("namespace"));
            if (ns.isEmpty()) {
                problem("%s: no namespace (every kustomization sets the one namespace of the suite)", display(k.file));
            } else {
                namespaces.add(ns);
            }
        }
        if (namespaces.size() > 1) {
            problem("kustomizations disagree on the namespace: %s", namespaces);
        }
        return namespaces.isEmpty() ? null : namespaces.iterator().next();
    }

    /** What the kustomization files yield without kustomize: objects (unpatched) and generated ConfigMaps. */
    static final class Collected {
        final List<Obj> objects = new ArrayList<>();
        final Map<String, Set<String>> generatedConfigMaps = new LinkedHashMap<>();
    }

    private Collected collect(Path dir, Map<Path, Kustomization> kustomizations, Set<Path> visiting) {
        Collected result = new Collected();
        Kustomization k = kustomizations.get(dir.normalize());
        if (k == null || !visiting.add(dir.normalize())) {
            if (k != null) {
                problem("%s: kustomization cycle", display(dir));
            }
            return result;
        }
        for (Path resource : k.resources) {
            if (Files.isDirectory(resource)) {
                Collected sub = collect(resource, kustomizations, visiting);
                result.objects.addAll(sub.objects);
                sub.generatedConfigMaps.forEach((n, keys) ->
                        result.generatedConfigMaps.computeIfAbsent(n, x -> new TreeSet<>()).addAll(keys));
            } else {
                try {
                    for (Object doc : Yaml.parseStream(read(resource), display(resource))) {
                        if (doc instanceof Map<?, ?> m) {
                            result.objects.add(new Obj(display(resource), m));
                        } else if (doc != null) {
                            problem("%s: a resource document must be a mapping (a Kubernetes object)",
                                    display(resource));
                        }
                    }
                } catch (YamlException e) {
                    // already reported while parsing every file
                }
            }
        }
        for (Object gen : listOf(k.body.get("configMapGenerator"), "")) {
            if (gen instanceof Map<?, ?> gm && !str(gm.get("name")).isEmpty()) {
                Set<String> keys = result.generatedConfigMaps.computeIfAbsent(str(gm.get("name")), x -> new TreeSet<>());
                for (Object lit : listOf(gm.get("literals"), "")) {
                    String s = str(lit);
                    keys.add(s.contains("=") ? s.substring(0, s.indexOf('=')) : s);
                }
                for (Object f : listOf(gm.get("files"), "")) {
                    String s = str(f);
                    keys.add(s.contains("=") ? s.substring(0, s.indexOf('='))
                            : Paths.get(s).getFileName().toString());
                }
                for (Object f : listOf(gm.get("envs"), "")) {
                    Path p = k.dir.resolve(str(f));
                    if (Files.isRegularFile(p)) {
                        read(p).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                .forEach(l -> keys.add(l.contains("=") ? l.substring(0, l.indexOf('=')) : l));
                    }
                }
            }
        }
        visiting.remove(dir.normalize());
        return result;
    }

    /** Each patch must change something: its target selects an object, a patch file names an existing object. */
    private void checkPatchTargets(String setName, Path dir, Map<Path, Kustomization> kustomizations,
            Collected collected) {
        Kustomization k = kustomizations.get(dir.normalize());
        if (k == null) {
            return;
        }
        for (Map<?, ?> patch : k.patches) {
            String label = patch.get("path") != null ? str(patch.get("path")) : "inline patch";
            if (patch.get("target") instanceof Map<?, ?> target) {
                boolean any = collected.objects.stream().anyMatch(o -> targetMatches(target, o));
                if (!any) {
                    problem("%s: patch %s: its target %s selects no object", setName, label, flow(target));
                }
            } else if (patch.get("path") != null) {
                Path p = k.dir.resolve(str(patch.get("path"))).normalize();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                List<Object> docs;
                try {
                    docs = Yaml.parseStream(read(p), display(p));
                } catch (YamlException e) {
                    continue;
                }
                for (Object doc : docs) {
                    if (!(doc instanceof Map<?, ?> m)) {
                        problem("%s: patch %s has no target, so it must be a strategic-merge patch (a mapping with "
                                + "kind and metadata.name)", setName, label);
                        continue;
                    }
                    String kind = str(m.get("kind"));
                    String name = str(path(m, "metadata", "name"));
                    boolean exists = collected.objects.stream()
                            .anyMatch(o -> o.kind().equals(kind) && o.name().equals(name));
                    if (!exists) {
                        problem("%s: patch %s changes %s/%s, which does not exist", setName, label, kind, name);
                    }
                }
            }
        }
    }

    private static boolean targetMatches(Map<?, ?> target, Obj o) {
        if (target.get("kind") != null && !str(target.get("kind")).equals(o.kind())) {
            return false;
        }
        if (target.get("name") != null) {
            String name = str(target.get("name"));
            try {
                if (!name.equals(o.name()) && !Pattern.matches(name, o.name())) {
                    return false;
                }
            } catch (PatternSyntaxException e) {
                return false;
            }
        }
        if (target.get("labelSelector") != null) {
            Map<String, String> labels = stringMap(path(o.body, "metadata", "labels"));
            for (String term : str(target.get("labelSelector")).split(",")) {
                String t = term.trim();
                if (t.contains("!=")) {
                    String[] kv = t.split("!=", 2);
                    if (kv[1].trim().equals(labels.get(kv[0].trim()))) {
                        return false;
                    }
                } else if (t.contains("=")) {
                    String[] kv = t.split("==?", 2);
                    if (!kv[1].trim().equals(labels.get(kv[0].trim()))) {
                        return false;
                    }
                } else if (!t.isEmpty() && !labels.containsKey(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // kubectl

    private Path locateKubectl() {
        if (kubectlOverride != null) {
            Path p = Paths.get(kubectlOverride);
            return Files.isExecutable(p) ? p : null;
        }
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        for (String dir : pathEnv.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows ? List.of("kubectl.exe", "kubectl") : List.of("kubectl")) {
                Path p = Paths.get(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private String kubectlVersion(Path kubectl) {
        Result r = exec(List.of(kubectl.toString(), "version", "--client"), 30);
        if (r == null || r.code != 0) {
            return kubectl.toString();
        }
        return kubectl + ", " + r.stdout.lines().map(String::trim).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(", "));
    }

    private record Result(int code, String stdout, String stderr) {
    }

    private Result exec(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                problem("%s did not finish within %d s", String.join(" ", command), timeoutSeconds);
                return null;
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            problem("cannot run %s: %s", String.join(" ", command), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private List<Obj> render(Path kubectl, Path dir) {
        String name = display(dir);
        Result r = exec(List.of(kubectl.toString(), "kustomize", dir.toString()), 180);
        if (r == null) {
            return null;
        }
        if (r.code != 0) {
            String err = r.stderr.trim();
            int at = err.indexOf("err=\"");
            if (at >= 0) {
                err = err.substring(at + 5).replaceAll("\"\\s*$", "");
            }
            problem("kubectl kustomize %s failed (exit %d): %s", name, r.code, err);
            return null;
        }
        try {
            List<Obj> objects = new ArrayList<>();
            for (Object doc : Yaml.parseStream(r.stdout, "kubectl kustomize " + name)) {
                if (doc instanceof Map<?, ?> m) {
                    objects.add(new Obj("kubectl kustomize " + name, m));
                } else if (doc != null) {
                    problem("kubectl kustomize %s: a document is not an object", name);
                }
            }
            documentsParsed += objects.size();
            return objects;
        } catch (YamlException e) {
            problem("%s", e.getMessage());
            return null;
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Objects

    /** One Kubernetes object and where it came from. */
    record Obj(String source, Map<?, ?> body) {
        String kind() {
            return str(body.get("kind"));
        }

        String name() {
            return str(path(body, "metadata", "name"));
        }

        String id() {
            return kind() + "/" + name();
        }
    }

    /** The objects of the base or of one overlay, and the checks on them. */
    final class ObjectSet {
        final String name;
        final String overlay;
        final List<Obj> objects;
        final boolean rendered;
        final Map<String, Set<String>> generatedConfigMaps;
        final String namespace;
        /**
         * An overlay is a whole deployment; the base lacks the database and the broker, so its network policies for
         * them select nothing there, by design.
         */
        final boolean complete;
        /** Label sets of the pods the set creates: workload templates and operator-managed pods. */
        final List<Map<String, String>> podLabels = new ArrayList<>();
        final Map<Map<String, String>, Obj> podOwners = new LinkedHashMap<>();

        ObjectSet(String name, String overlay, List<Obj> objects, boolean rendered,
                Map<String, Set<String>> generatedConfigMaps, String namespace) {
            this.name = name;
            this.overlay = overlay;
            this.objects = objects;
            this.rendered = rendered;
            this.generatedConfigMaps = generatedConfigMaps;
            this.namespace = namespace;
            this.complete = !overlay.equals("base");
            for (Obj o : objects) {
                Map<String, String> labels = null;
                if (WORKLOADS.contains(o.kind())) {
                    labels = stringMap(path(o.body, "spec", "template", "metadata", "labels"));
                } else if (o.kind().equals("Cluster") && str(o.body.get("apiVersion")).startsWith("postgresql.cnpg.io/")) {
                    labels = new LinkedHashMap<>(stringMap(path(o.body, "spec", "inheritedMetadata", "labels")));
                    labels.put("cnpg.io/cluster", o.name());
                } else if (o.kind().equals("ActiveMQArtemis")) {
                    labels = new LinkedHashMap<>(stringMap(path(o.body, "spec", "deploymentPlan", "labels")));
                    labels.put("ActiveMQArtemis", o.name());
                    labels.put("application", o.name() + "-app");
                }
                if (labels != null) {
                    podLabels.add(labels);
                    podOwners.put(labels, o);
                }
            }
        }

        String summary() {
            Map<String, Long> counts = objects.stream()
                    .collect(Collectors.groupingBy(Obj::kind, TreeMap::new, Collectors.counting()));
            String summary = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            return generatedConfigMaps.isEmpty() ? summary
                    : summary + "; generated ConfigMap " + generatedConfigMaps.size();
        }

        private String where(Obj o) {
            return name + ": " + o.id() + (rendered ? "" : " (" + o.source + ")");
        }

        void check(OperatorProvided operatorProvided) {
            Set<String> ids = new TreeSet<>();
            for (Obj o : objects) {
                checkCommon(o);
                if (!ids.add(o.id()) && !o.kind().isEmpty()) {
                    problem("%s: defined twice", where(o));
                }
                switch (o.kind()) {
                    case "Deployment" -> checkDeployment(o);
                    case "StatefulSet" -> checkStatefulSet(o);
                    case "Service" -> checkService(o);
                    case "HorizontalPodAutoscaler" -> checkHpa(o);
                    case "PodDisruptionBudget" -> checkPdb(o);
                    case "NetworkPolicy" -> checkNetworkPolicy(o);
                    case "Cluster" -> checkCnpgCluster(o);
                    case "ActiveMQArtemis" -> checkArtemis(o);
                    case "Ingress" -> checkIngress(o);
                    default -> {
                    }
                }
                if (WORKLOADS.contains(o.kind())) {
                    checkPodSpec(o, path(o.body, "spec", "template", "spec"));
                }
                checkReferences(o, operatorProvided);
            }
            checkCompanions();
            if (rendered) {
                checkOverlayExpectations();
            }
        }

        /** Each Deployment comes with a Service, an HPA and a PDB, and some NetworkPolicy applies to its pods. */
        private void checkCompanions() {
            for (Obj d : objects.stream().filter(o -> o.kind().equals("Deployment")).toList()) {
                Map<String, String> labels = stringMap(path(d.body, "spec", "template", "metadata", "labels"));
                boolean service = objects.stream().filter(o -> o.kind().equals("Service"))
                        .map(o -> stringMap(path(o.body, "spec", "selector")))
                        .anyMatch(sel -> !sel.isEmpty() && labels.entrySet().containsAll(sel.entrySet()));
                boolean hpa = objects.stream().filter(o -> o.kind().equals("HorizontalPodAutoscaler"))
                        .anyMatch(h -> "Deployment".equals(str(path(h.body, "spec", "scaleTargetRef", "kind")))
                                && d.name().equals(str(path(h.body, "spec", "scaleTargetRef", "name"))));
                boolean pdb = objects.stream().filter(o -> o.kind().equals("PodDisruptionBudget"))
                        .anyMatch(p -> selectorMatches(path(p.body, "spec", "selector"), labels));
                boolean policy = objects.stream().filter(o -> o.kind().equals("NetworkPolicy"))
                        .anyMatch(n -> isEmptySelector(path(n.body, "spec", "podSelector"))
                                || selectorMatches(path(n.body, "spec", "podSelector"), labels));
                Map<String, Boolean> companions = new LinkedHashMap<>();
                companions.put("Service", service);
                companions.put("HorizontalPodAutoscaler", hpa);
                companions.put("PodDisruptionBudget", pdb);
                companions.put("NetworkPolicy", policy);
                companions.forEach((kind, present) -> {
                    if (!present) {
                        problem("%s: no %s for it", where(d), kind);
                    }
                });
            }
        }

        private void checkCommon(Obj o) {
            String where = name + ": object from " + o.source;
            if (str(o.body.get("apiVersion")).isEmpty()) {
                problem("%s: %s has no apiVersion", where, o.id());
            }
            if (o.kind().isEmpty()) {
                problem("%s: object without kind (metadata.name %s)", where, o.name());
            }
            if (o.name().isEmpty()) {
                problem("%s: %s has no metadata.name", where, o.kind());
            }
            if (rendered && namespace != null && !CLUSTER_SCOPED.contains(o.kind())) {
                String ns = str(path(o.body, "metadata", "namespace"));
                if (!namespace.equals(ns)) {
                    problem("%s: namespace is '%s', expected '%s'", where(o), ns, namespace);
                }
            }
        }

        private void checkDeployment(Obj o) {
            checkSelectorMatchesTemplate(o);
            List<?> containers = listOf(path(o.body, "spec", "template", "spec", "containers"), "");
            for (Object c : containers) {
                if (!(c instanceof Map<?, ?> container)) {
                    continue;
                }
                String cname = str(container.get("name"));
                requirePath(o, container, "livenessProbe", "container " + cname + ": livenessProbe");
                requirePath(o, container, "readinessProbe", "container " + cname + ": readinessProbe");
                String live = str(path(container, "livenessProbe", "httpGet", "path"));
                String ready = str(path(container, "readinessProbe", "httpGet", "path"));
                if (container.get("livenessProbe") != null && !live.equals("/q/health/live")) {
                    problem("%s: container %s: livenessProbe must be httpGet /q/health/live (is '%s')", where(o),
                            cname, live);
                }
                if (container.get("readinessProbe") != null && !ready.equals("/q/health/ready")) {
                    problem("%s: container %s: readinessProbe must be httpGet /q/health/ready (is '%s')", where(o),
                            cname, ready);
                }
            }
        }

        private void checkStatefulSet(Obj o) {
            checkSelectorMatchesTemplate(o);
            String serviceName = str(path(o.body, "spec", "serviceName"));
            if (serviceName.isEmpty()) {
                problem("%s: spec.serviceName is required", where(o));
            } else if (objects.stream().noneMatch(s -> s.kind().equals("Service") && s.name().equals(serviceName))) {
                problem("%s: spec.serviceName %s names no Service of %s", where(o), serviceName, name);
            }
            List<?> claims = listOf(path(o.body, "spec", "volumeClaimTemplates"), "");
            if (claims.isEmpty()) {
                problem("%s: spec.volumeClaimTemplates is required (its data must survive a restart)", where(o));
            }
            for (Object claim : claims) {
                if (str(path(claim, "metadata", "name")).isEmpty()
                        || str(path(claim, "spec", "resources", "requests", "storage")).isEmpty()) {
                    problem("%s: each volumeClaimTemplate needs metadata.name and spec.resources.requests.storage",
                            where(o));
                }
            }
            for (Object c : listOf(path(o.body, "spec", "template", "spec", "containers"), "")) {
                if (c instanceof Map<?, ?> container) {
                    requirePath(o, container, "livenessProbe", "container " + str(container.get("name"))
                            + ": livenessProbe");
                    requirePath(o, container, "readinessProbe", "container " + str(container.get("name"))
                            + ": readinessProbe");
                }
            }
        }

        private void checkSelectorMatchesTemplate(Obj o) {
            Map<String, String> selector = stringMap(path(o.body, "spec", "selector", "matchLabels"));
            if (path(o.body, "spec", "selector") == null) {
                problem("%s: spec.selector is required", where(o));
                return;
            }
            Map<String, String> template = stringMap(path(o.body, "spec", "template", "metadata", "labels"));
            if (!selectorMatches(path(o.body, "spec", "selector"), template)) {
                problem("%s: spec.selector %s does not match the pod template labels %s", where(o), selector, template);
            }
        }

        /** Containers: image, resources, hardening; volumes mounted exist. */
        private void checkPodSpec(Obj o, Object podSpec) {
            List<?> containers = listOf(path(podSpec, "containers"), "");
            if (containers.isEmpty()) {
                problem("%s: spec.template.spec.containers is empty", where(o));
            }
            boolean podNonRoot = "true".equals(str(path(podSpec, "securityContext", "runAsNonRoot")));
            Set<String> volumes = new TreeSet<>();
            for (Object v : listOf(path(podSpec, "volumes"), "")) {
                volumes.add(str(path(v, "name")));
            }
            for (Object claim : listOf(path(o.body, "spec", "volumeClaimTemplates"), "")) {
                volumes.add(str(path(claim, "metadata", "name")));
            }
            List<Object> all = new ArrayList<>(containers);
            all.addAll(listOf(path(podSpec, "initContainers"), ""));
            for (Object c : all) {
                if (!(c instanceof Map<?, ?> container)) {
                    problem("%s: a container is not a mapping", where(o));
                    continue;
                }
                String cname = str(container.get("name"));
                String label = "container " + (cname.isEmpty() ? "?" : cname);
                if (cname.isEmpty()) {
                    problem("%s: a container has no name", where(o));
                }
                if (str(container.get("image")).isEmpty()) {
                    problem("%s: %s has no image", where(o), label);
                }
                for (String r : List.of("requests", "limits")) {
                    for (String res : List.of("cpu", "memory")) {
                        if (str(path(container, "resources", r, res)).isEmpty()) {
                            problem("%s: %s: resources.%s.%s is required", where(o), label, r, res);
                        }
                    }
                }
                if (!podNonRoot && !"true".equals(str(path(container, "securityContext", "runAsNonRoot")))) {
                    problem("%s: %s: runAsNonRoot must be true (pod or container securityContext)", where(o), label);
                }
                if (!"false".equals(str(path(container, "securityContext", "allowPrivilegeEscalation")))) {
                    problem("%s: %s: securityContext.allowPrivilegeEscalation must be false", where(o), label);
                }
                if (!"true".equals(str(path(container, "securityContext", "readOnlyRootFilesystem")))) {
                    problem("%s: %s: securityContext.readOnlyRootFilesystem must be true (mount an emptyDir where "
                            + "it writes)", where(o), label);
                }
                Set<String> portNames = new TreeSet<>();
                Set<String> portNumbers = new TreeSet<>();
                for (Object p : listOf(container.get("ports"), "")) {
                    portNames.add(str(path(p, "name")));
                    portNumbers.add(str(path(p, "containerPort")));
                }
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Object pr = container.get(probe);
                    if (pr == null) {
                        continue;
                    }
                    Object port = path(pr, "httpGet", "port");
                    if (port == null) {
                        port = path(pr, "tcpSocket", "port");
                    }
                    if (path(pr, "httpGet") != null && !str(path(pr, "httpGet", "path")).startsWith("/")) {
                        problem("%s: %s: %s.httpGet.path must start with /", where(o), label, probe);
                    }
                    if (port != null && !portNames.contains(str(port)) && !portNumbers.contains(str(port))) {
                        problem("%s: %s: %s uses port %s, which the container does not declare", where(o), label,
                                probe, str(port));
                    }
                    if (path(pr, "httpGet") == null && path(pr, "tcpSocket") == null && path(pr, "exec") == null
                            && path(pr, "grpc") == null) {
                        problem("%s: %s: %s needs httpGet, tcpSocket, exec or grpc", where(o), label, probe);
                    }
                }
                for (Object m : listOf(container.get("volumeMounts"), "")) {
                    String vol = str(path(m, "name"));
                    if (!volumes.contains(vol)) {
                        problem("%s: %s mounts volume %s, which the pod does not define", where(o), label, vol);
                    }
                }
            }
        }

        private void checkService(Obj o) {
            List<?> ports = listOf(path(o.body, "spec", "ports"), "");
            if (ports.isEmpty()) {
                problem("%s: spec.ports is required", where(o));
            }
            for (Object p : ports) {
                if (str(path(p, "port")).isEmpty()) {
                    problem("%s: every spec.ports entry needs a port", where(o));
                }
            }
            Object selector = path(o.body, "spec", "selector");
            if (selector instanceof Map<?, ?> sel && !sel.isEmpty()) {
                Map<String, String> wanted = stringMap(sel);
                List<Map<String, String>> matched = podLabels.stream()
                        .filter(l -> l.entrySet().containsAll(wanted.entrySet())).toList();
                if (matched.isEmpty()) {
                    problem("%s: spec.selector %s selects no pod of %s", where(o), wanted, name);
                }
                for (Object p : ports) {
                    String target = str(path(p, "targetPort"));
                    if (!target.isEmpty() && !target.chars().allMatch(Character::isDigit)) {
                        for (Map<String, String> labels : matched) {
                            Obj owner = podOwners.get(labels);
                            if (owner != null && WORKLOADS.contains(owner.kind()) && !containerPortNames(owner)
                                    .contains(target)) {
                                problem("%s: targetPort %s is not a port name of %s", where(o), target, owner.id());
                            }
                        }
                    }
                }
            }
        }

        private Set<String> containerPortNames(Obj workload) {
            Set<String> names = new TreeSet<>();
            for (Object c : listOf(path(workload.body, "spec", "template", "spec", "containers"), "")) {
                for (Object p : listOf(path(c, "ports"), "")) {
                    names.add(str(path(p, "name")));
                }
            }
            return names;
        }

        private void checkHpa(Obj o) {
            Object ref = path(o.body, "spec", "scaleTargetRef");
            if (ref == null) {
                problem("%s: spec.scaleTargetRef is required", where(o));
                return;
            }
            String kind = str(path(ref, "kind"));
            String target = str(path(ref, "name"));
            if (objects.stream().noneMatch(x -> x.kind().equals(kind) && x.name().equals(target))) {
                problem("%s: scaleTargetRef %s/%s does not exist in %s", where(o), kind, target, name);
            }
            int min = intOr(path(o.body, "spec", "minReplicas"), 1);
            int max = intOr(path(o.body, "spec", "maxReplicas"), -1);
            if (max < 1) {
                problem("%s: spec.maxReplicas is required", where(o));
            } else if (min > max) {
                problem("%s: minReplicas %d > maxReplicas %d", where(o), min, max);
            }
            if (listOf(path(o.body, "spec", "metrics"), "").isEmpty()) {
                problem("%s: spec.metrics is required (CPU utilisation)", where(o));
            }
        }

        private void checkPdb(Obj o) {
            Object selector = path(o.body, "spec", "selector");
            if (selector == null) {
                problem("%s: spec.selector is required", where(o));
            } else if (podLabels.stream().noneMatch(l -> selectorMatches(selector, l))) {
                problem("%s: spec.selector selects no pod of %s", where(o), name);
            }
            boolean min = path(o.body, "spec", "minAvailable") != null;
            boolean max = path(o.body, "spec", "maxUnavailable") != null;
            if (min == max) {
                problem("%s: exactly one of minAvailable and maxUnavailable is required", where(o));
            }
        }

        private void checkNetworkPolicy(Obj o) {
            Object podSelector = path(o.body, "spec", "podSelector");
            if (podSelector == null) {
                problem("%s: spec.podSelector is required ({} for every pod)", where(o));
            } else if (complete && !isEmptySelector(podSelector)
                    && podLabels.stream().noneMatch(l -> selectorMatches(podSelector, l))) {
                problem("%s: spec.podSelector selects no pod of %s (a policy that protects nothing)", where(o), name);
            }
            if (listOf(path(o.body, "spec", "policyTypes"), "").isEmpty()) {
                problem("%s: spec.policyTypes is required", where(o));
            }
            for (Object rule : listOf(path(o.body, "spec", "ingress"), "")) {
                for (Object peer : listOf(path(rule, "from"), "")) {
                    Object sel = path(peer, "podSelector");
                    if (complete && sel != null && path(peer, "namespaceSelector") == null && !isEmptySelector(sel)
                            && podLabels.stream().noneMatch(l -> selectorMatches(sel, l))) {
                        problem("%s: ingress from podSelector %s matches no pod of %s", where(o), flow(sel), name);
                    }
                }
            }
        }

        private void checkCnpgCluster(Obj o) {
            if (!str(o.body.get("apiVersion")).startsWith("postgresql.cnpg.io/")) {
                return;
            }
            if (intOr(path(o.body, "spec", "instances"), 0) < 1) {
                problem("%s: spec.instances is required", where(o));
            }
            if (path(o.body, "spec", "storage") == null || str(path(o.body, "spec", "storage", "size")).isEmpty()) {
                problem("%s: spec.storage.size is required", where(o));
            }
            for (Object role : listOf(path(o.body, "spec", "managed", "roles"), "")) {
                if (str(path(role, "name")).isEmpty()) {
                    problem("%s: every managed role needs a name", where(o));
                }
                if (path(role, "passwordSecret", "name") == null && !"false".equals(str(path(role, "login")))) {
                    problem("%s: managed role %s logs in but has no passwordSecret", where(o),
                            str(path(role, "name")));
                }
            }
        }

        private void checkArtemis(Obj o) {
            Object plan = path(o.body, "spec", "deploymentPlan");
            if (plan == null) {
                problem("%s: spec.deploymentPlan is required", where(o));
                return;
            }
            if (intOr(path(plan, "size"), 0) < 1) {
                problem("%s: spec.deploymentPlan.size is required", where(o));
            }
            for (Object acceptor : listOf(path(o.body, "spec", "acceptors"), "")) {
                if (str(path(acceptor, "name")).isEmpty() || str(path(acceptor, "port")).isEmpty()) {
                    problem("%s: every acceptor needs name and port", where(o));
                }
            }
        }

        private void checkIngress(Obj o) {
            List<?> tls = listOf(path(o.body, "spec", "tls"), "");
            if (tls.isEmpty()) {
                problem("%s: spec.tls is required (HTTPS only)", where(o));
            }
            for (Object t : tls) {
                if (listOf(path(t, "hosts"), "").isEmpty() || str(path(t, "secretName")).isEmpty()) {
                    problem("%s: every spec.tls entry needs hosts and secretName", where(o));
                }
            }
            for (Object rule : listOf(path(o.body, "spec", "rules"), "")) {
                for (Object p : listOf(path(rule, "http", "paths"), "")) {
                    String service = str(path(p, "backend", "service", "name"));
                    String port = str(path(p, "backend", "service", "port", "name"));
                    if (port.isEmpty()) {
                        port = str(path(p, "backend", "service", "port", "number"));
                    }
                    Obj svc = objects.stream().filter(x -> x.kind().equals("Service") && x.name().equals(service))
                            .findFirst().orElse(null);
                    if (svc == null) {
                        problem("%s: backend Service %s does not exist in %s", where(o), service, name);
                        continue;
                    }
                    Set<String> ports = new TreeSet<>();
                    for (Object sp : listOf(path(svc.body, "spec", "ports"), "")) {
                        ports.add(str(path(sp, "name")));
                        ports.add(str(path(sp, "port")));
                    }
                    if (!ports.contains(port)) {
                        problem("%s: backend port %s is not a port of Service %s", where(o), port, service);
                    }
                }
            }
        }

        /** Every Secret/ConfigMap referred to exists in the set or is documented as operator-provided (with the key). */
        private void checkReferences(Obj o, OperatorProvided operatorProvided) {
            List<Ref> refs = new ArrayList<>();
            collectRefs(o.body, refs, "");
            for (Ref ref : refs) {
                Obj defined = objects.stream().filter(x -> x.kind().equals(ref.kind) && x.name().equals(ref.name))
                        .findFirst().orElse(null);
                if (defined != null) {
                    if (ref.key != null && ref.kind.equals("ConfigMap")) {
                        Set<String> keys = new TreeSet<>();
                        for (String field : List.of("data", "binaryData")) {
                            if (defined.body.get(field) instanceof Map<?, ?> m) {
                                m.keySet().forEach(k -> keys.add(String.valueOf(k)));
                            }
                        }
                        if (!keys.contains(ref.key)) {
                            problem("%s: %s refers to key %s of ConfigMap %s, which has only %s", where(o), ref.at,
                                    ref.key, ref.name, keys);
                        }
                    }
                    continue;
                }
                if (ref.kind.equals("ConfigMap") && generatedConfigMaps.containsKey(ref.name)) {
                    if (ref.key != null && !generatedConfigMaps.get(ref.name).contains(ref.key)) {
                        problem("%s: %s refers to key %s of generated ConfigMap %s, which has only %s", where(o),
                                ref.at, ref.key, ref.name, generatedConfigMaps.get(ref.name));
                    }
                    continue;
                }
                OperatorProvided.Entry entry = operatorProvided.find(ref.kind, ref.name);
                if (entry == null) {
                    problem("%s: %s refers to %s %s, which is neither defined in %s nor listed as operator-provided "
                            + "in README.md", where(o), ref.at, ref.kind, ref.name, name);
                    continue;
                }
                referencedOperatorResources.add(ref.kind + "/" + ref.name);
                if (ref.key != null && !entry.keys().contains(ref.key)) {
                    problem("%s: %s refers to key %s of %s %s, but README.md lists only %s", where(o), ref.at, ref.key,
                            ref.kind, ref.name, entry.keys());
                }
            }
        }

        /** dev: one replica each; prod: at least two, pinned images, HA backends, TLS. */
        private void checkOverlayExpectations() {
            List<Obj> deployments = objects.stream().filter(o -> o.kind().equals("Deployment")).toList();
            if (overlay.equals("dev")) {
                for (Obj d : deployments) {
                    if (intOr(path(d.body, "spec", "replicas"), 1) != 1) {
                        problem("%s: dev runs a single replica", where(d));
                    }
                }
                objects.stream().filter(o -> o.kind().equals("HorizontalPodAutoscaler"))
                        .filter(h -> intOr(path(h.body, "spec", "maxReplicas"), 0) != 1)
                        .forEach(h -> problem("%s: dev never scales beyond one replica", where(h)));
                for (String component : List.of("database", "broker")) {
                    boolean present = objects.stream().filter(o -> o.kind().equals("StatefulSet"))
                            .anyMatch(o -> component.equals(str(path(o.body, "spec", "template", "metadata", "labels",
                                    "app.kubernetes.io/component"))));
                    if (!present) {
                        problem("%s: no StatefulSet labelled app.kubernetes.io/component=%s", name, component);
                    }
                }
            } else if (overlay.equals("prod")) {
                for (Obj d : deployments) {
                    if (intOr(path(d.body, "spec", "replicas"), 1) < 2) {
                        problem("%s: prod runs at least two replicas", where(d));
                    }
                    for (Object c : listOf(path(d.body, "spec", "template", "spec", "containers"), "")) {
                        String image = str(path(c, "image"));
                        String last = image.substring(image.lastIndexOf('/') + 1);
                        if (!image.contains("@") && (!last.contains(":") || last.endsWith(":latest"))) {
                            problem("%s: image %s must be pinned (images: newTag or a digest)", where(d), image);
                        }
                    }
                }
                objects.stream().filter(o -> o.kind().equals("HorizontalPodAutoscaler"))
                        .filter(h -> intOr(path(h.body, "spec", "minReplicas"), 1) < 2)
                        .forEach(h -> problem("%s: prod keeps at least two replicas", where(h)));
                if (objects.stream().noneMatch(o -> o.kind().equals("Cluster"))) {
                    problem("%s: no CloudNativePG Cluster", name);
                }
                for (Obj a : objects.stream().filter(o -> o.kind().equals("ActiveMQArtemis")).toList()) {
                    if (intOr(path(a.body, "spec", "deploymentPlan", "size"), 0) < 2
                            || !"true".equals(str(path(a.body, "spec", "deploymentPlan", "persistenceEnabled")))
                            || !"true".equals(str(path(a.body, "spec", "deploymentPlan", "messageMigration")))) {
                        problem("%s: HA needs deploymentPlan.size >= 2, persistenceEnabled and messageMigration",
                                where(a));
                    }
                }
                if (objects.stream().noneMatch(o -> o.kind().equals("ActiveMQArtemis"))) {
                    problem("%s: no ActiveMQArtemis broker", name);
                }
                if (objects.stream().noneMatch(o -> o.kind().equals("Ingress"))) {
                    problem("%s: no Ingress for the gateway", name);
                }
            }
        }
    }

    /** A reference to a Secret or ConfigMap found anywhere in an object. */
    record Ref(String kind, String name, String key, String at) {
    }

    private static void collectRefs(Object node, List<Ref> out, String at) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                String here = at.isEmpty() ? key : at + "." + key;
                if (value instanceof Map<?, ?> v) {
                    switch (key) {
                        case "secretKeyRef" -> out.add(new Ref("Secret", str(v.get("name")), str(v.get("key")), here));
                        case "configMapKeyRef" -> out.add(new Ref("ConfigMap", str(v.get("name")), str(v.get("key")),
                                here));
                        case "secretRef", "passwordSecret" -> out.add(new Ref("Secret", str(v.get("name")), null,
                                here));
                        case "configMapRef" -> out.add(new Ref("ConfigMap", str(v.get("name")), null, here));
                        case "secret" -> {
                            if (v.get("secretName") != null) {
                                out.add(new Ref("Secret", str(v.get("secretName")), null, here));
                            } else if (v.get("name") != null) {
                                out.add(new Ref("Secret", str(v.get("name")), null, here)); // projected source
                            }
                            itemKeys(v, "Secret", out, here);
                        }
                        case "configMap" -> {
                            if (v.get("name") != null) {
                                out.add(new Ref("ConfigMap", str(v.get("name")), null, here));
                                itemKeys(v, "ConfigMap", out, here);
                            }
                        }
                        default -> {
                        }
                    }
                }
                collectRefs(value, out, here);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                String label = item instanceof Map<?, ?> m && m.get("name") != null ? str(m.get("name"))
                        : String.valueOf(i);
                collectRefs(item, out, at + "[" + label + "]");
            }
        }
    }

    /** Volume items name keys of the Secret/ConfigMap they project. */
    private static void itemKeys(Map<?, ?> volume, String kind, List<Ref> out, String at) {
        String name = volume.get("secretName") != null ? str(volume.get("secretName")) : str(volume.get("name"));
        for (Object item : listOf(volume.get("items"), "")) {
            if (path(item, "key") != null) {
                out.add(new Ref(kind, name, str(path(item, "key")), at + ".items"));
            }
        }
    }

    private void requirePath(Obj o, Map<?, ?> node, String field, String label) {
        if (node.get(field) == null) {
            problem("%s: %s is required", o.source + " " + o.id(), label);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Small helpers over parsed YAML (maps, lists, strings; scalars stay strings)

    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static String str(Object o) {
        return o == null ? "" : o instanceof String s ? s : o.toString();
    }

    static List<?> listOf(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        return List.of(o);
    }

    static int intOr(Object o, int fallback) {
        try {
            return o == null ? fallback : Integer.parseInt(str(o).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), str(v)));
        }
        return out;
    }

    static boolean isEmptySelector(Object selector) {
        return selector instanceof Map<?, ?> m && (m.isEmpty()
                || (stringMap(m.get("matchLabels")).isEmpty() && listOf(m.get("matchExpressions"), "").isEmpty()));
    }

    /** A label selector (matchLabels and matchExpressions) against a set of labels. */
    static boolean selectorMatches(Object selector, Map<String, String> labels) {
        if (!(selector instanceof Map<?, ?> sel)) {
            return false;
        }
        Map<String, String> matchLabels = stringMap(sel.get("matchLabels"));
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Object expr : listOf(sel.get("matchExpressions"), "")) {
            String key = str(path(expr, "key"));
            String op = str(path(expr, "operator"));
            Set<String> values = listOf(path(expr, "values"), "").stream().map(ManifestCheck::str)
                    .collect(Collectors.toSet());
            String value = labels.get(key);
            boolean ok = switch (op) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String flow(Object o) {
        if (o instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (o instanceof List<?> l) {
            return l.stream().map(ManifestCheck::flow).collect(Collectors.joining(", ", "[", "]"));
        }
        return str(o);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // YAML subset reader

    /** A YAML document that is outside the supported subset or malformed; the message names the file and line. */
    static final class YamlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        YamlException(String message) {
            super(message);
        }
    }

    /**
     * Reads the YAML subset used by Kubernetes manifests: block mappings and sequences (including the compact
     * {@code key:\n- item} form), plain, single- and double-quoted scalars (multi-line too), literal and folded block
     * scalars with chomping and indentation indicators, one-line flow collections, comments and {@code ---}
     * separators. Scalars are kept as strings ({@code null}/{@code ~}/empty become null). Mappings keep their order.
     */
    static final class Yaml {
        private final String source;
        private final String[] lines;
        private final int firstLine;
        private int pos;

        private Yaml(String source, List<String> lines, int firstLine) {
            this.source = source;
            this.lines = lines.toArray(new String[0]);
            this.firstLine = firstLine;
        }

        /** Every document of the stream; empty documents (only comments) are left out. */
        static List<Object> parseStream(String text, String source) {
            List<Object> docs = new ArrayList<>();
            List<String> current = new ArrayList<>();
            int start = 1;
            String[] all = text.replace("\r\n", "\n").split("\n", -1);
            for (int i = 0; i < all.length; i++) {
                String line = all[i];
                boolean separator = line.equals("---") || line.startsWith("--- ") || line.startsWith("---\t");
                boolean end = line.equals("...") || line.startsWith("... ");
                if (line.startsWith("%")) {
                    if (!current.stream().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                        throw new YamlException(source + ":" + (i + 1) + ": directive inside a document");
                    }
                    current.add("");
                    continue;
                }
                if (separator || end) {
                    if (separator && !line.substring(3).trim().isEmpty() && !line.substring(3).trim().startsWith("#")) {
                        throw new YamlException(source + ":" + (i + 1)
                                + ": content after '---' on the same line is not supported");
                    }
                    addDocument(docs, current, start, source);
                    current = new ArrayList<>();
                    start = i + 2;
                    continue;
                }
                current.add(line);
            }
            addDocument(docs, current, start, source);
            return docs;
        }

        private static void addDocument(List<Object> docs, List<String> lines, int start, String source) {
            if (lines.stream().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                return;
            }
            Yaml yaml = new Yaml(source, lines, start);
            Object root = yaml.parseNode(0, -1);
            int rest = yaml.nextMeaningful(yaml.pos);
            if (rest < yaml.lines.length) {
                throw yaml.error(rest, "unexpected content (wrong indentation?)");
            }
            docs.add(root);
        }

        private YamlException error(int index, String message) {
            return new YamlException(source + ":" + (firstLine + index) + ": " + message);
        }

        private int indentOf(int index) {
            String line = lines[index];
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            if (n < line.length() && line.charAt(n) == '\t') {
                throw error(index, "tab in indentation");
            }
            return n;
        }

        private boolean meaningful(int index) {
            String t = lines[index].trim();
            return !t.isEmpty() && !t.startsWith("#");
        }

        private int nextMeaningful(int from) {
            int i = from;
            while (i < lines.length && !meaningful(i)) {
                i++;
            }
            return i;
        }

        private static boolean isSequenceItem(String content) {
            return content.equals("-") || content.startsWith("- ") || content.startsWith("-\t");
        }

        /** The node starting at the next meaningful line if it is indented at least minIndent; else null. */
        private Object parseNode(int minIndent, int parentIndent) {
            int i = nextMeaningful(pos);
            if (i >= lines.length) {
                pos = i;
                return null;
            }
            int indent = indentOf(i);
            if (indent < minIndent) {
                return null;
            }
            pos = i;
            String content = lines[i].substring(indent);
            if (isSequenceItem(content)) {
                return parseSequence(indent);
            }
            if (splitKey(content, i) != null) {
                return parseMapping(indent);
            }
            pos = i + 1;
            return parseValue(content, i, parentIndent);
        }

        private List<Object> parseSequence(int indent) {
            List<Object> list = new ArrayList<>();
            while (true) {
                int i = nextMeaningful(pos);
                if (i >= lines.length) {
                    pos = i;
                    break;
                }
                int li = indentOf(i);
                String content = lines[i].substring(li);
                if (li != indent || !isSequenceItem(content)) {
                    if (li > indent) {
                        throw error(i, "unexpected indentation in a sequence");
                    }
                    break;
                }
                String rest = content.substring(1);
                String restTrimmed = rest.trim();
                if (restTrimmed.isEmpty() || restTrimmed.startsWith("#")) {
                    pos = i + 1;
                    list.add(parseNode(indent + 1, indent));
                } else {
                    int offset = 1;
                    while (offset < content.length() && content.charAt(offset) == ' ') {
                        offset++;
                    }
                    // Re-read the item's content as if it stood on its own line at its column.
                    lines[i] = " ".repeat(indent + offset) + content.substring(offset);
                    pos = i;
                    list.add(parseNode(indent + 1, indent));
                }
            }
            return list;
        }

        private Map<String, Object> parseMapping(int indent) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                int i = nextMeaningful(pos);
                if (i >= lines.length) {
                    pos = i;
                    break;
                }
                int li = indentOf(i);
                if (li < indent) {
                    break;
                }
                if (li > indent) {
                    throw error(i, "unexpected indentation in a mapping");
                }
                String content = lines[i].substring(li);
                if (isSequenceItem(content)) {
                    break;
                }
                String[] kv = splitKey(content, i);
                if (kv == null) {
                    throw error(i, "expected 'key: value', found: " + content.trim());
                }
                String key = kv[0];
                if (map.containsKey(key)) {
                    throw error(i, "duplicate key '" + key + "'");
                }
                String rest = kv[1];
                pos = i + 1;
                Object value;
                if (isBlankOrComment(rest)) {
                    int j = nextMeaningful(pos);
                    if (j < lines.length && indentOf(j) > indent) {
                        value = parseNode(indent + 1, indent);
                    } else if (j < lines.length && indentOf(j) == indent
                            && isSequenceItem(lines[j].substring(indent))) {
                        value = parseSequence(indent);
                    } else {
                        value = null;
                    }
                } else {
                    value = parseValue(rest.trim(), i, indent);
                }
                map.put(key, value);
            }
            return map;
        }

        private static boolean isBlankOrComment(String s) {
            String t = s.trim();
            return t.isEmpty() || t.startsWith("#");
        }

        /**
         * A "key: rest" line: returns {key, rest} or null if the content is not a mapping entry. Keys are plain or
         * quoted; explicit ("? ") and flow keys are not supported.
         */
        private String[] splitKey(String content, int index) {
            if (content.startsWith("? ")) {
                throw error(index, "complex mapping keys ('? ') are not supported");
            }
            if (content.startsWith("\"") || content.startsWith("'")) {
                int end = quotedEnd(content, 0);
                if (end < 0) {
                    return null;
                }
                String after = content.substring(end + 1);
                String trimmed = after.stripLeading();
                if (trimmed.equals(":") || trimmed.startsWith(": ") || trimmed.startsWith(":\t")) {
                    String key = unquote(content.substring(0, end + 1), index);
                    return new String[] {key, trimmed.substring(1)};
                }
                return null;
            }
            if (content.startsWith("[") || content.startsWith("{") || content.startsWith("#")) {
                return null;
            }
            for (int k = 0; k < content.length(); k++) {
                char c = content.charAt(k);
                if (c == '#' && k > 0 && Character.isWhitespace(content.charAt(k - 1))) {
                    return null;
                }
                if (c == ':' && (k + 1 == content.length() || content.charAt(k + 1) == ' '
                        || content.charAt(k + 1) == '\t')) {
                    String key = content.substring(0, k).trim();
                    if (key.isEmpty()) {
                        return null;
                    }
                    if (key.startsWith("&") || key.startsWith("*") || key.startsWith("!")) {
                        throw error(index, "anchors, aliases and tags are not supported");
                    }
                    return new String[] {key, content.substring(k + 1)};
                }
            }
            return null;
        }

        /** Index of the closing quote of the quoted scalar starting at start, or -1 if not on this line. */
        private static int quotedEnd(String s, int start) {
            char q = s.charAt(start);
            for (int k = start + 1; k < s.length(); k++) {
                char c = s.charAt(k);
                if (q == '"' && c == '\\') {
                    k++;
                } else if (c == q) {
                    if (q == '\'' && k + 1 < s.length() && s.charAt(k + 1) == '\'') {
                        k++;
                    } else {
                        return k;
                    }
                }
            }
            return -1;
        }

        /**
         * The value written after "key:" or "- " on line index (text trimmed), or standing alone on its line.
         * pos is just after that line; continuation lines (multi-line scalars, block scalars) are consumed here.
         */
        private Object parseValue(String text, int index, int parentIndent) {
            char c = text.charAt(0);
            if (c == '&' || c == '*') {
                throw error(index, "anchors and aliases are not supported");
            }
            if (c == '!') {
                throw error(index, "tags are not supported");
            }
            if (c == '|' || c == '>') {
                return blockScalar(text, index, parentIndent);
            }
            if (c == '[' || c == '{') {
                StringBuilder flow = new StringBuilder(text);
                int depth = flowDepth(text);
                while (depth > 0 && pos < lines.length) {
                    String next = lines[pos++];
                    flow.append(' ').append(next.trim());
                    depth = flowDepth(flow.toString());
                }
                FlowParser parser = new FlowParser(flow.toString(), index);
                Object value = parser.value();
                parser.skipSpaces();
                if (parser.i < parser.s.length() && parser.s.charAt(parser.i) != '#') {
                    throw error(index, "unexpected text after a flow collection: " + parser.s.substring(parser.i));
                }
                return value;
            }
            if (c == '"' || c == '\'') {
                StringBuilder raw = new StringBuilder(text);
                while (quotedEnd(raw.toString(), 0) < 0) {
                    if (pos >= lines.length) {
                        throw error(index, "unterminated quoted scalar");
                    }
                    raw.append('\n').append(lines[pos++]);
                }
                String all = raw.toString();
                int end = quotedEnd(all, 0);
                String after = all.substring(end + 1).trim();
                if (!after.isEmpty() && !after.startsWith("#")) {
                    throw error(index, "unexpected text after a quoted scalar: " + after);
                }
                return unquote(all.substring(0, end + 1), index);
            }
            // Plain scalar, possibly continued on more-indented lines.
            StringBuilder value = new StringBuilder(stripComment(text));
            while (pos < lines.length && !lines[pos].isBlank() && indentOf(pos) > parentIndent
                    && !lines[pos].trim().startsWith("#")) {
                if (splitKey(lines[pos].trim(), pos) != null) {
                    throw error(pos, "a 'key: value' cannot continue a plain scalar (wrong indentation?)");
                }
                value.append(' ').append(stripComment(lines[pos].trim()));
                pos++;
            }
            String s = value.toString().trim();
            return s.isEmpty() || s.equals("~") || s.equals("null") || s.equals("Null") || s.equals("NULL") ? null : s;
        }

        private static String stripComment(String plain) {
            for (int k = 0; k < plain.length(); k++) {
                if (plain.charAt(k) == '#' && (k == 0 || Character.isWhitespace(plain.charAt(k - 1)))) {
                    return plain.substring(0, k).trim();
                }
            }
            return plain.trim();
        }

        private static int flowDepth(String s) {
            int depth = 0;
            char quote = 0;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (quote != 0) {
                    if (quote == '"' && c == '\\') {
                        k++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[' || c == '{') {
                    depth++;
                } else if (c == ']' || c == '}') {
                    depth--;
                } else if (c == '#' && k > 0 && Character.isWhitespace(s.charAt(k - 1))) {
                    break;
                }
            }
            return depth;
        }

        private String blockScalar(String header, int index, int parentIndent) {
            String h = stripComment(header);
            boolean literal = h.charAt(0) == '|';
            char chomp = 'c';
            int explicit = 0;
            for (int k = 1; k < h.length(); k++) {
                char c = h.charAt(k);
                if (c == '-' || c == '+') {
                    chomp = c;
                } else if (Character.isDigit(c) && c != '0') {
                    explicit = c - '0';
                } else {
                    throw error(index, "bad block scalar header: " + header);
                }
            }
            int contentIndent = -1;
            if (explicit > 0) {
                contentIndent = Math.max(parentIndent, 0) + explicit;
            }
            List<String> body = new ArrayList<>();
            int i = pos;
            while (i < lines.length) {
                String line = lines[i];
                if (line.isBlank()) {
                    body.add(line.length() > Math.max(contentIndent, 0) && contentIndent >= 0
                            ? line.substring(contentIndent) : "");
                    i++;
                    continue;
                }
                int ind = indentOf(i);
                if (contentIndent < 0) {
                    if (ind <= parentIndent) {
                        break;
                    }
                    contentIndent = ind;
                }
                if (ind < contentIndent) {
                    break;
                }
                body.add(line.substring(contentIndent));
                i++;
            }
            pos = i;
            // Trailing blank lines belong to chomping.
            int last = body.size();
            while (last > 0 && body.get(last - 1).isEmpty()) {
                last--;
            }
            List<String> content = body.subList(0, last);
            int trailing = body.size() - last;
            String text;
            if (literal) {
                text = String.join("\n", content);
            } else {
                // Folding: a single line break between two normal lines becomes a space, a break before empty lines
                // disappears (the empty lines stay as breaks), and more-indented lines keep their breaks.
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                boolean previousMoreIndented = false;
                int empty = 0;
                for (String line : content) {
                    if (line.isEmpty()) {
                        empty++;
                        continue;
                    }
                    boolean moreIndented = line.startsWith(" ") || line.startsWith("\t");
                    if (!first) {
                        boolean keepBreak = moreIndented || previousMoreIndented;
                        sb.append(empty == 0 ? (keepBreak ? "\n" : " ") : (keepBreak ? "\n" : "") + "\n".repeat(empty));
                    } else {
                        sb.append("\n".repeat(empty));
                    }
                    sb.append(line);
                    first = false;
                    previousMoreIndented = moreIndented;
                    empty = 0;
                }
                text = sb.toString();
            }
            if (content.isEmpty()) {
                return chomp == '+' ? "\n".repeat(trailing) : "";
            }
            return switch (chomp) {
                case '-' -> text;
                case '+' -> text + "\n" + "\n".repeat(trailing);
                default -> text + "\n";
            };
        }

        /** A complete quoted scalar (quotes included), possibly spanning lines (folded as YAML does). */
        private String unquote(String quoted, int index) {
            char q = quoted.charAt(0);
            String inner = quoted.substring(1, quoted.length() - 1);
            String[] parts = inner.split("\n", -1);
            StringBuilder folded = new StringBuilder();
            for (int k = 0; k < parts.length; k++) {
                String part = parts[k];
                if (k > 0) {
                    part = part.stripLeading();
                }
                if (k < parts.length - 1) {
                    part = part.stripTrailing();
                }
                if (k > 0) {
                    String prev = folded.toString();
                    if (q == '"' && prev.endsWith("\\") && !prev.endsWith("\\\\")) {
                        folded.setLength(folded.length() - 1); // escaped line break: no space
                    } else if (part.isEmpty() && k < parts.length - 1) {
                        folded.append('\n');
                        continue;
                    } else if (!prev.endsWith("\n")) {
                        folded.append(' ');
                    }
                }
                folded.append(part);
            }
            String s = folded.toString();
            if (q == '\'') {
                return s.replace("''", "'");
            }
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (++k >= s.length()) {
                    throw error(index, "dangling backslash in a double-quoted scalar");
                }
                char e = s.charAt(k);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't', '\t' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'e' -> out.append('\u001b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case ' ', '"', '/', '\\' -> out.append(e);
                    case 'N' -> out.append('\u0085');
                    case '_' -> out.append('\u00a0');
                    case 'L' -> out.append('\u2028');
                    case 'P' -> out.append('\u2029');
                    case 'x', 'u', 'U' -> {
                        int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (k + len >= s.length()) {
                            throw error(index, "short \\" + e + " escape");
                        }
                        out.appendCodePoint(Integer.parseInt(s.substring(k + 1, k + 1 + len), 16));
                        k += len;
                    }
                    default -> throw error(index, "unknown escape \\" + e);
                }
            }
            return out.toString();
        }

        /** One-line flow collections: [a, "b"], {k: v}, nested. */
        final class FlowParser {
            final String s;
            final int index;
            int i;

            FlowParser(String s, int index) {
                this.s = s;
                this.index = index;
            }

            void skipSpaces() {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            }

            Object value() {
                skipSpaces();
                if (i >= s.length()) {
                    throw error(index, "unterminated flow collection");
                }
                char c = s.charAt(i);
                if (c == '[') {
                    i++;
                    List<Object> list = new ArrayList<>();
                    skipSpaces();
                    if (i < s.length() && s.charAt(i) == ']') {
                        i++;
                        return list;
                    }
                    while (true) {
                        list.add(value());
                        skipSpaces();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            skipSpaces();
                            if (i < s.length() && s.charAt(i) == ']') {
                                i++;
                                return list;
                            }
                            continue;
                        }
                        if (i < s.length() && s.charAt(i) == ']') {
                            i++;
                            return list;
                        }
                        throw error(index, "expected ',' or ']' in a flow sequence");
                    }
                }
                if (c == '{') {
                    i++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    skipSpaces();
                    if (i < s.length() && s.charAt(i) == '}') {
                        i++;
                        return map;
                    }
                    while (true) {
                        skipSpaces();
                        Object key = scalar(true);
                        skipSpaces();
                        if (i >= s.length() || s.charAt(i) != ':') {
                            throw error(index, "expected ':' in a flow mapping");
                        }
                        i++;
                        skipSpaces();
                        Object value = i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == '}') ? null : value();
                        map.put(str(key), value);
                        skipSpaces();
                        if (i < s.length() && s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        if (i < s.length() && s.charAt(i) == '}') {
                            i++;
                            return map;
                        }
                        throw error(index, "expected ',' or '}' in a flow mapping");
                    }
                }
                return scalar(false);
            }

            Object scalar(boolean key) {
                char c = s.charAt(i);
                if (c == '"' || c == '\'') {
                    int end = quotedEnd(s, i);
                    if (end < 0) {
                        throw error(index, "unterminated quoted scalar in a flow collection");
                    }
                    String v = unquote(s.substring(i, end + 1), index);
                    i = end + 1;
                    return v;
                }
                int start = i;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == ',' || d == ']' || d == '}') {
                        break;
                    }
                    if (d == ':' && key && (i + 1 >= s.length() || " ,]}".indexOf(s.charAt(i + 1)) >= 0)) {
                        break;
                    }
                    i++;
                }
                String v = s.substring(start, i).trim();
                return v.isEmpty() || v.equals("~") || v.equals("null") ? null : v;
            }
        }
    }
}
