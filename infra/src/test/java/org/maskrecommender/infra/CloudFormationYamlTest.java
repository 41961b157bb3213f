package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.error.YAMLException;

/** The YAML reader the template tests stand on: short-form intrinsics become their long form. */
class CloudFormationYamlTest {

    @Test
    void scalarIntrinsicsBecomeSingleKeyMaps() {
        Object parsed = CloudFormationYaml.parse("""
                a: !Ref Bucket
                b: !Sub 's3://${Bucket}/models/*'
                c: !Condition IsNative
                d: !ImportValue shared-vpc
                e: !Ref AWS::NoValue
                """);

        assertThat(parsed).isEqualTo(Map.of(
                "a", Map.of("Ref", "Bucket"),
                "b", Map.of("Fn::Sub", "s3://${Bucket}/models/*"),
                "c", Map.of("Condition", "IsNative"),
                "d", Map.of("Fn::ImportValue", "shared-vpc"),
                "e", Map.of("Ref", "AWS::NoValue")));
    }

    @Test
    void getAttSplitsResourceAndAttributeAtTheFirstDot() {
        assertThat(CloudFormationYaml.parse("x: !GetAtt DeployerFunction.Arn"))
                .isEqualTo(Map.of("x", Map.of("Fn::GetAtt", List.of("DeployerFunction", "Arn"))));
        assertThat(CloudFormationYaml.parse("x: !GetAtt Stack.Outputs.Name"))
                .isEqualTo(Map.of("x", Map.of("Fn::GetAtt", List.of("Stack", "Outputs.Name"))));
        assertThat(CloudFormationYaml.parse("x: !GetAtt [Role, Arn]"))
                .isEqualTo(Map.of("x", Map.of("Fn::GetAtt", List.of("Role", "Arn"))));
        assertThatThrownBy(() -> CloudFormationYaml.parse("x: !GetAtt RoleArn"))
                .isInstanceOf(ConstructorException.class).hasMessageContaining("Resource.Attribute");
    }

    @Test
    void sequenceIntrinsicsNestInsideEachOther() {
        Object parsed = CloudFormationYaml.parse("""
                Runtime: !If [IsNative, provided.al2023, java21]
                Cond: !And
                  - !Condition HasRepo
                  - !Equals [!Ref Arn, '']
                Joined: !Join ['', [!Select [0, !Split ['/', !Ref Name]], '-x']]
                SubList: !Sub ['${A}-${B}', {B: !Ref Other}]
                """);

        assertThat(parsed).isEqualTo(Map.of(
                "Runtime", Map.of("Fn::If", List.of("IsNative", "provided.al2023", "java21")),
                "Cond", Map.of("Fn::And", List.of(Map.of("Condition", "HasRepo"),
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "Arn"), "")))),
                "Joined", Map.of("Fn::Join", List.of("", List.of(
                        Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of("/", Map.of("Ref", "Name"))))),
                        "-x"))),
                "SubList", Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("B", Map.of("Ref", "Other"))))));
    }

    @Test
    void mappingIntrinsicsAndPlainValuesKeepTheirTypes() {
        Object parsed = CloudFormationYaml.parse("""
                Snap: !If
                  - IsNative
                  - !Ref AWS::NoValue
                  - ApplyOn: PublishedVersions
                Port: 587
                Flag: true
                Version: '2012-10-17'
                """);

        assertThat(parsed).isEqualTo(Map.of(
                "Snap", Map.of("Fn::If", List.of("IsNative", Map.of("Ref", "AWS::NoValue"),
                        Map.of("ApplyOn", "PublishedVersions"))),
                "Port", 587,
                "Flag", true,
                "Version", "2012-10-17"));
    }

    @Test
    void unknownTagsAndDuplicateKeysAreErrors() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("x: !Reff Bucket"))
                .isInstanceOf(ConstructorException.class).hasMessageContaining("!Reff");
        assertThatThrownBy(() -> CloudFormationYaml.parse("x: 1\nx: 2\n"))
                .hasMessageContaining("duplicate key");
        // SnakeYAML 2 refuses global tags (arbitrary classes) before construction even starts
        assertThatThrownBy(() -> CloudFormationYaml.parse("x: !!python/object:os.system ls"))
                .isInstanceOf(YAMLException.class).hasMessageContaining("Global tag is not allowed");
    }

    @Test
    void everyShortFormHasALongForm() {
        assertThat(CloudFormationYaml.INTRINSICS).containsKeys("!Ref", "!Sub", "!GetAtt", "!Join", "!If", "!Equals",
                "!Select", "!Split", "!Not", "!And", "!Or", "!Condition", "!FindInMap", "!ImportValue", "!Base64",
                "!GetAZs", "!Cidr");
        CloudFormationYaml.INTRINSICS.forEach((tag, key) ->
                assertThat(key).isEqualTo(tag.equals("!Ref") || tag.equals("!Condition") ? tag.substring(1)
                        : "Fn::" + tag.substring(1)));
    }
}
