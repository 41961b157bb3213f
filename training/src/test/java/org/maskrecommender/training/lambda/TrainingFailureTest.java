package org.maskrecommender.training.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.maskrecommender.training.TrainingException;

/** Every failure code is a Lambda error type of its own: Lambda reports the class name, the code is its last part. */
class TrainingFailureTest {

    @ParameterizedTest
    @EnumSource(TrainingException.Code.class)
    void everyCodeHasAClassNamedAfterIt(TrainingException.Code code) {
        TrainingFailure failure = TrainingFailure.of(code.key(), "message", null);

        assertThat(failure.getClass()).isNotEqualTo(TrainingFailure.class);
        assertThat(failure.getClass().getName()).isEqualTo(TrainingFailure.class.getName() + "$" + code.key());
        assertThat(failure.code()).isEqualTo(code.key());
    }
}
