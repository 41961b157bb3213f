package org.maskrecommender.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** infra/template.yaml, parsed, with the lookups the tests share. */
final class Template {

    /** Where the build says the template is (surefire sets it); run from infra/ otherwise. */
    static final Path PATH = Path.of(System.getProperty("infra.template", "template.yaml"));
    /** The repository root (the functions' modules live there). */
    static final Path REPOSITORY = Path.of(System.getProperty("infra.repository", ".."));

    private static Template loaded;

    final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    /** The template, parsed once per test run. */
    static synchronized Template load() {
        if (loaded == null) {
            try {
                loaded = new Template(CloudFormationYaml.parseTemplate(Files.readString(PATH, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + PATH.toAbsolutePath(), e);
            }
        }
        return loaded;
    }

    Map<String, Object> resources() {
        return map(root.get("Resources"), "Resources");
    }

    Map<String, Object> parameters() {
        return map(root.get("Parameters"), "Parameters");
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId + " in " + PATH);
        }
        return map(resource, logicalId);
    }

    String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"), logicalId + ".Properties");
    }

    /** Logical ids of every resource of one type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(map(r, id).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** A function's environment variables. */
    Map<String, Object> environment(String functionId) {
        Map<String, Object> environment = map(properties(functionId).get("Environment"), functionId + ".Environment");
        return map(environment.get("Variables"), functionId + ".Environment.Variables");
    }

    /** Every statement of a role's inline policies (the roles here have no managed policies). */
    List<Map<String, Object>> statements(String roleId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(properties(roleId).get("Policies"))) {
            Map<String, Object> document = map(map(policy, roleId + " policy").get("PolicyDocument"), "PolicyDocument");
            for (Object statement : list(document.get("Statement"))) {
                statements.add(map(statement, roleId + " statement"));
            }
        }
        return statements;
    }

    /**
     * What a role may do: action → the resources it may do it on, rendered by {@link #render}. Allow
     * statements only; a Deny in a role would need its own test.
     */
    Map<String, Set<String>> grants(String roleId) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (Map<String, Object> statement : statements(roleId)) {
            if (!"Allow".equals(statement.get("Effect"))) {
                throw new AssertionError(roleId + " has a statement that is not Allow: " + statement);
            }
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                throw new AssertionError(roleId + " uses NotAction/NotResource: " + statement);
            }
            for (Object action : list(statement.get("Action"))) {
                Set<String> resources = grants.computeIfAbsent((String) action, a -> new TreeSet<>());
                for (Object resource : list(statement.get("Resource"))) {
                    resources.add(render(resource));
                }
            }
        }
        return grants;
    }

    /**
     * An intrinsic as one comparable string, in {@code Fn::Sub} syntax: {@code !Ref X} → {@code ${X}},
     * {@code !GetAtt A.B} → {@code ${A.B}}, {@code !Sub s} → {@code s}. Anything else (an {@code !If},
     * a {@code !Join}) fails, so a test never compares something it did not understand.
     */
    static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            switch ((String) e.getKey()) {
                case "Ref":
                    return "${" + e.getValue() + "}";
                case "Fn::GetAtt":
                    List<?> parts = (List<?>) e.getValue();
                    return "${" + parts.get(0) + "." + parts.get(1) + "}";
                case "Fn::Sub":
                    if (e.getValue() instanceof String s) {
                        return s;
                    }
                    break;
                default:
                    break;
            }
        }
        throw new AssertionError("cannot render " + value + " as one string");
    }

    /** Calls {@code visitor} with (path, value) for every scalar in the tree, depth first. */
    static void walk(Object node, String path, BiConsumer<String, Object> visitor) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "/" + k, visitor));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", visitor);
            }
        } else {
            visitor.accept(path, node);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    /** A value that CloudFormation accepts as one item or a list of items, as a list. */
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(value);
    }

    /** A deep copy of a tree with every string passed through {@code rewrite} (keys included). */
    static Object rewriteStrings(Object node, java.util.function.UnaryOperator<String> rewrite) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(rewrite.apply((String) k), rewriteStrings(v, rewrite)));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(rewriteStrings(v, rewrite)));
            return copy;
        }
        if (node instanceof String s) {
            return rewrite.apply(s);
        }
        return node;
    }
}
