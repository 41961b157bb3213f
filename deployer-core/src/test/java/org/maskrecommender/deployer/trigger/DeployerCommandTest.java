package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseTagBuild;
import org.maskrecommender.deployer.trigger.DeployerCommand.ScheduledTick;

class DeployerCommandTest {

    private static final Trigger MANUAL = new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null);

    @Test
    void canaryWeightsOutsideZeroToOneCannotBeBuilt() {
        ReleaseTag tag = ReleaseTag.parse("staging-recommender-v1.2.3");
        for (double w : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new ReleaseModel(Environment.STAGING, Events.MODEL_VERSION, null, MANUAL, w))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ReleaseTagBuild(tag, null, null, null, null, w, null, "a"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new ReleaseModel(Environment.STAGING, Events.MODEL_VERSION, null, MANUAL, 0.5).canaryWeight()).isEqualTo(0.5);
        assertThat(new ReleaseModel(Environment.STAGING, Events.MODEL_VERSION, null, MANUAL, null).canaryWeight()).isNull();
    }

    @Test
    void aTagBuildsTriggerCarriesEverythingTheLedgerNeeds() {
        ReleaseTagBuild build = new ReleaseTagBuild(ReleaseTag.parse("production-recommender-v2.0.0"), null,
                Events.HEAD_SHA, Events.RUN_URL, null, null, Events.EVENT_ID, "mara-fit");

        assertThat(build.environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(build.trigger()).isEqualTo(new Trigger(Trigger.Type.TAG, Events.EVENT_ID, "mara-fit",
                "production-recommender-v2.0.0", Events.HEAD_SHA, Events.RUN_URL));
    }

    @Test
    void scheduledTickResourcesAreNeverNull() {
        assertThat(new ScheduledTick("id", null, null).resources()).isEmpty();
    }
}
