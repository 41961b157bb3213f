package org.maskrecommender.core.metrics;

/** The CloudWatch units this project's metrics use, as CloudWatch spells them in an EMF record. */
public enum Unit {
    MILLISECONDS("Milliseconds"),
    SECONDS("Seconds"),
    COUNT("Count"),
    /** A plain number, e.g. a ROC AUC. */
    NONE("None");

    private final String cloudWatch;

    Unit(String cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** The name in an EMF record's {@code Metrics[].Unit}. */
    public String cloudWatch() {
        return cloudWatch;
    }
}
