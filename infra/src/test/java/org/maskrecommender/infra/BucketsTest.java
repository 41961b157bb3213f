package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Store and code buckets: versioned, encrypted, private, and trimmed by lifecycle rules. */
class BucketsTest {

    private final Template template = Template.load();

    @Test
    void thereAreTwoStoresAndOneCodeBucket() {
        assertThat(template.resourcesOfType("AWS::S3::Bucket")).containsExactly("StagingBucket", "ProductionBucket",
                "CodeBucket");
        assertThat(template.properties("StagingBucket").get("BucketName"))
                .isEqualTo(Map.of("Fn::Sub", "mask-recommender-staging-${AWS::AccountId}-${AWS::Region}"));
        assertThat(template.properties("ProductionBucket").get("BucketName"))
                .isEqualTo(Map.of("Fn::Sub", "mask-recommender-production-${AWS::AccountId}-${AWS::Region}"));
        assertThat(template.properties("CodeBucket").get("BucketName"))
                .isEqualTo(Map.of("Fn::Sub", "mask-recommender-code-${AWS::AccountId}-${AWS::Region}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"StagingBucket", "ProductionBucket", "CodeBucket"})
    void everyBucketIsVersionedEncryptedPrivateAndKeptWhenTheStackGoes(String bucket) {
        Map<String, Object> p = template.properties(bucket);

        assertThat(p.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        // SSE-S3: no KMS key policy for the functions to need, nor kms:Decrypt for Lambda's code fetch
        assertThat(p.get("BucketEncryption")).isEqualTo(Map.of("ServerSideEncryptionConfiguration",
                List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))));
        assertThat(p.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(p.get("OwnershipControls"))
                .isEqualTo(Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))));
        assertThat(template.resource(bucket)).containsEntry("DeletionPolicy", "Retain")
                .containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(p).doesNotContainKeys("AccessControl", "WebsiteConfiguration", "CorsConfiguration");
        assertThat(template.resources()).containsKey(bucket + "Policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"StagingBucket", "ProductionBucket"})
    void storesExpireOnlyOldVersions(String bucket) {
        assertThat(rules(bucket)).containsExactly(
                Map.of("Id", "expire-noncurrent-versions",
                        "Status", "Enabled",
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", Map.of("Ref", "NoncurrentVersionRetentionDays")),
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)));
    }

    @Test
    void oldReleaseZipsExpire() {
        assertThat(rules("CodeBucket")).containsExactly(
                Map.of("Id", "expire-old-code-zips",
                        "Status", "Enabled",
                        "Prefix", "code/",
                        "ExpirationInDays", Map.of("Ref", "CodeRetentionDays")),
                Map.of("Id", "expire-restored-code",
                        "Status", "Enabled",
                        "Prefix", "restore/",
                        "ExpirationInDays", 1),
                Map.of("Id", "expire-noncurrent-versions",
                        "Status", "Enabled",
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", Map.of("Ref", "NoncurrentVersionRetentionDays")),
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7)));
        assertThat(Template.map(template.parameters().get("CodeRetentionDays"), "CodeRetentionDays"))
                .containsEntry("Type", "Number").containsEntry("MinValue", 1);
        assertThat(Template.map(template.parameters().get("NoncurrentVersionRetentionDays"), "retention"))
                .containsEntry("Type", "Number").containsEntry("MinValue", 1);
    }

    @Test
    void modelsLedgerAndReleaseRecordsNeverExpireWhileCurrent() {
        for (String bucket : List.of("StagingBucket", "ProductionBucket")) {
            for (Map<String, Object> rule : rules(bucket)) {
                assertThat(rule).as(bucket + " " + rule.get("Id")).doesNotContainKeys("ExpirationInDays", "ExpirationDate",
                        "Expiration", "Transitions", "Transition");
            }
        }
    }

    private List<Map<String, Object>> rules(String bucket) {
        Map<String, Object> lifecycle = Template.map(template.properties(bucket).get("LifecycleConfiguration"), bucket);
        return Template.list(lifecycle.get("Rules")).stream().map(r -> Template.map(r, bucket + " rule")).toList();
    }
}
