package org.maskrecommender.training.lambda;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * The training function: hands the event to {@link TrainingFunction}. A failed run leaves as a
 * {@link TrainingFailure}, which the Lambda runtime reports as a function error.
 */
@Named("training")
public class TrainingHandler implements RequestHandler<TrainingEvent, TrainingResponse> {

    @Inject
    TrainingFunction function;

    @Override
    public TrainingResponse handleRequest(TrainingEvent event, Context context) {
        return function.run(event == null ? new TrainingEvent(null, null, null, null, null) : event,
                context == null ? "local" : context.getAwsRequestId());
    }
}
