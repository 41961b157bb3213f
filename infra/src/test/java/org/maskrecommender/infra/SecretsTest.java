package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Secrets reach the functions only as Secrets Manager dynamic references, never as text in the template. */
class SecretsTest {

    /** Names that hold a secret, wherever they appear. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|credential|api_?key|username).*");
    static final Pattern SECRETS_MANAGER = Pattern.compile(
            "\\{\\{resolve:secretsmanager:mask-recommender/[a-z-]+:SecretString:[a-z_]+}}");

    private final Template template = Template.load();

    @Test
    void theDeployersSecretsAreSecretsManagerReferences() {
        Map<String, Object> env = template.environment("DeployerFunction");

        assertThat(env).containsEntry("SMTP_USERNAME",
                        "{{resolve:secretsmanager:mask-recommender/deployer:SecretString:smtp_username}}")
                .containsEntry("SMTP_PASSWORD",
                        "{{resolve:secretsmanager:mask-recommender/deployer:SecretString:smtp_password}}");
    }

    @Test
    void noFunctionGetsAWebhookSecretAnyMore() {
        // GitHub reaches the deployer only through the release workflow's invoke, never a signed webhook
        Template.walk(template.root, "", (path, value) ->
                assertThat(String.valueOf(value).toLowerCase(Locale.ROOT)).as(path).doesNotContain("webhook"));
    }

    @Test
    void everySecretLookingVariableOfEveryFunctionIsAReference() {
        List<String> checked = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            template.environment(function).forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).matches()) {
                    checked.add(function + "." + name);
                    assertThat(value).as(function + "." + name).isInstanceOf(String.class);
                    assertThat((String) value).as(function + "." + name).matches(SECRETS_MANAGER);
                }
            });
        }
        assertThat(checked).containsExactly(
                "TrainingStagingFunction.SMTP_USERNAME", "TrainingStagingFunction.SMTP_PASSWORD",
                "TrainingProductionFunction.SMTP_USERNAME", "TrainingProductionFunction.SMTP_PASSWORD",
                "DeployerFunction.SMTP_USERNAME", "DeployerFunction.SMTP_PASSWORD");
    }

    @Test
    void dynamicReferencesAnywhereAreSecretsManagerOnesInEnvironmentVariables() {
        List<String> references = new ArrayList<>();
        Template.walk(template.root, "", (path, value) -> {
            if (value instanceof String s && s.contains("{{resolve:")) {
                references.add(path);
                assertThat(s).as(path).matches(SECRETS_MANAGER);
                assertThat(path).as("only function environments resolve secrets")
                        .matches("/Resources/[A-Za-z]+Function/Properties/Environment/Variables/[A-Z_]+");
            }
        });
        assertThat(references).hasSize(6);
    }

    @Test
    void noParameterCarriesASecret() {
        template.parameters().forEach((name, parameter) -> {
            Map<String, Object> p = Template.map(parameter, name);
            assertThat(name).as("a secret would sit in the stack's parameters").doesNotMatch(SECRET_NAME);
            // plain SSM parameters resolve to clear text in the stack and are no safer than a literal
            assertThat((String) p.get("Type")).as(name).doesNotStartWith("AWS::SSM::Parameter::Value");
        });
    }

    @Test
    void noSecretLookingKeyAnywhereHoldsALiteral() {
        Template.walk(template.root, "", (path, value) -> {
            String key = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\[\\d+]$", "");
            // identifiers only: OIDC condition keys such as token.actions.githubusercontent.com:aud are not secrets
            if (key.matches("[A-Za-z0-9_]+") && SECRET_NAME.matcher(key).matches() && value instanceof String s) {
                assertThat(s).as(path).matches(SECRETS_MANAGER);
            }
        });
    }

    @Test
    void outputsExposeNoSecret() {
        Template.walk(template.root.get("Outputs"), "/Outputs", (path, value) ->
                assertThat(String.valueOf(value)).as(path).doesNotContain("resolve:").doesNotContainIgnoringCase("secret"));
    }
}
