package org.maskrecommender.testkit.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Everything one emulator holds: its functions, where S3 code comes from, the dice of weighted alias routing, and
 * what tests inspect afterwards (calls, invokes, the emulator's own failures). Every field is guarded by this
 * object's monitor: hold it ({@code synchronized (state)}) to read or change any of them or any function.
 */
final class EmulatorState {

    final Map<String, EmulatedFunction> functions = new TreeMap<>();
    final List<LambdaEmulator.Call> calls = new ArrayList<>();
    final List<RecordedInvoke> invocations = new ArrayList<>();
    final List<RuntimeException> internalErrors = new ArrayList<>();
    CodeFetcher codeFetcher;
    /** The largest zip UpdateFunctionCode takes as {@code ZipFile}: Lambda's 50 MB, unless a test lowers it. */
    long directUploadLimit = LambdaEmulator.DIRECT_UPLOAD_LIMIT;
    Random routing = new Random();

    /** The function an API request names; 404 ResourceNotFoundException as Lambda answers when there is none. */
    EmulatedFunction existing(String name) {
        EmulatedFunction fn = functions.get(name);
        if (fn == null) {
            throw ApiError.notFound("Function not found: " + EmulatedFunction.arn(name, null));
        }
        return fn;
    }

    /** The function a test helper names (a plain name or an ARN); IllegalArgumentException when there is none. */
    EmulatedFunction named(String nameOrArn) {
        EmulatedFunction fn = functions.get(Route.parseFunctionName(nameOrArn)[0]);
        if (fn == null) {
            throw new IllegalArgumentException("no function " + nameOrArn + " in the Lambda emulator");
        }
        return fn;
    }
}
