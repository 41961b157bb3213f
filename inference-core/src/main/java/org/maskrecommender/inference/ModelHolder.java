package org.maskrecommender.inference;

/**
 * The model of this container: loaded on first use and then reused by every invocation (one ONNX
 * Runtime session for the container's life). A failed load is not remembered, so an outage at cold
 * start heals on the next invocation instead of poisoning the container.
 */
public final class ModelHolder implements AutoCloseable {

    private final ModelLoader loader;
    private volatile LoadedModel model;

    public ModelHolder(ModelLoader loader) {
        this.loader = loader;
    }

    /** @throws ModelUnavailableException when loading fails (and will be retried next call) */
    public LoadedModel get() {
        LoadedModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    m = loader.load();
                    model = m;
                }
            }
        }
        return m;
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
