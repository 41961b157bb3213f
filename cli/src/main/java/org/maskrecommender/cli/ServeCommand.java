package org.maskrecommender.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.maskrecommender.inference.InferenceRequest;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;

/** {@code serve}: the inference function on a local HTTP port (and a page to try it), until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the inference function over HTTP: POST an event to / and get the function's response;"
                + " open / in a browser for a page to try the model.")
public final class ServeCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--default-response-format", paramLabel = "default|breathesafe", defaultValue = "default",
            description = "The format of a request without response_format, like "
                    + "the function's DEFAULT_RESPONSE_FORMAT; breathesafe serves the Breathesafe app's client "
                    + "(default: ${DEFAULT-VALUE}).")
    InferenceRequest.ResponseFormat defaultFormat;

    @Mixin
    ModelOptions model;

    public ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        String location = context.storeLocation(model.store, model.environment);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ModelHolder holder = context.modelHolder(model);
             LocalFunctionServer server = new LocalFunctionServer(new InferenceService(holder, context.mapper(), defaultFormat),
                     context.mapper(), host, port, context.err()).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-shutdown"));
            context.out().printf("Serving the inference function for %s from %s on http://%s:%d/ (Ctrl-C stops)%n",
                    model.environment, location, host, server.port());
            context.out().flush();
            stopped.await();
        }
        return 0;
    }
}
