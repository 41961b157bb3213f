package org.maskrecommender.inference;

import java.util.List;

import org.maskrecommender.core.domain.FacialMeasurements;

/**
 * A validated request.
 *
 * @param method   {@code infer} or {@code warmup}
 * @param face     the person's measurements (null for warmup)
 * @param maskIds  masks to score, null for the whole catalogue
 * @param limit    keep the top k, null for all
 * @param format   response shape
 */
public record InferenceRequest(Method method, FacialMeasurements face, List<Long> maskIds, Integer limit,
                               ResponseFormat format) {

    /** What the caller asks for. */
    public enum Method { INFER, WARMUP }

    /** {@code default}: the documented JSON; {@code breathesafe}: the legacy shape existing clients parse. */
    public enum ResponseFormat { DEFAULT, BREATHESAFE }
}
