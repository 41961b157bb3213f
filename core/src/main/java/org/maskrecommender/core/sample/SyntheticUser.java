package org.maskrecommender.core.sample;

import org.maskrecommender.core.domain.FacialMeasurements;

/**
 * A generated person.
 *
 * @param id       user id
 * @param face     facial measurements (mm)
 * @param child    whether the face was drawn from the children's size distribution
 * @param offset   the person's own logit offset u (not visible in the data)
 */
public record SyntheticUser(long id, FacialMeasurements face, boolean child, double offset) {
}
