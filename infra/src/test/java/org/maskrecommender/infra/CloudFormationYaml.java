package org.maskrecommender.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation / SAM YAML into plain maps, lists and scalars, with the short-form intrinsic
 * tags turned into their long form, as CloudFormation itself does: {@code !Ref X} becomes
 * {@code {"Ref": "X"}}, {@code !Sub s} becomes {@code {"Fn::Sub": s}}, {@code !GetAtt A.B} becomes
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Condition C} becomes {@code {"Condition": "C"}}, and so on.
 * An unknown tag is an error, never a silently dropped value.
 */
final class CloudFormationYaml {

    /** Short-form tags that CloudFormation accepts, with the key of their long form. */
    static final Map<String, String> INTRINSICS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!Transform", "Fn::Transform"),
            Map.entry("!ToJsonString", "Fn::ToJsonString"),
            Map.entry("!Length", "Fn::Length"));

    private CloudFormationYaml() {
    }

    /** Parses one YAML document into maps (insertion-ordered), lists and scalars. */
    static Object parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options)).load(yaml);
    }

    /** Parses a template: a YAML mapping at the top. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseTemplate(String yaml) {
        Object document = parse(yaml);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException("a template is a YAML mapping, not " + document);
        }
        return (Map<String, Object>) document;
    }

    /** A malformed intrinsic, with the place it is at. */
    static final class IntrinsicException extends ConstructorException {

        IntrinsicException(String problem, Node node) {
            super(null, null, problem, node.getStartMark());
        }
    }

    /** Safe construction (no arbitrary classes) plus the intrinsic tags. */
    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            INTRINSICS.forEach((tag, key) -> yamlConstructors.put(new Tag(tag), new Intrinsic(key)));
        }

        /** One intrinsic: the tagged node's value, constructed as usual, under the long-form key. */
        private final class Intrinsic extends AbstractConstruct {

            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the one short form whose scalar is split
                    value = key.equals("Fn::GetAtt") ? splitGetAtt(text, node) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = new ArrayList<>(constructSequence(sequence));
                } else if (node instanceof MappingNode mapping) {
                    value = new LinkedHashMap<>(constructMapping(mapping));
                } else {
                    throw new IntrinsicException("unsupported node for " + key, node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(key, value);
                return intrinsic;
            }

            private List<String> splitGetAtt(String text, Node node) {
                int dot = text.indexOf('.');
                if (dot <= 0 || dot == text.length() - 1) {
                    throw new IntrinsicException("!GetAtt needs Resource.Attribute, not '" + text + "'", node);
                }
                return List.of(text.substring(0, dot), text.substring(dot + 1));
            }
        }
    }
}
