package io.pbxbridge.connector.spi.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay options every simulator's command line shares: {@code --replay CAPTURE} with {@code --speed N}
 * (the recorded pace times N; default 1) or {@code --as-fast-as-possible}.
 *
 * @param capture the capture file to play, or null (no replay)
 * @param speed   the pace factor, {@link CapturePlayback#AS_FAST_AS_POSSIBLE} for no waiting
 * @param rest    the other arguments, for the simulator's own parser
 */
public record ReplayOptions(Path capture, double speed, String[] rest) {
    public static final String USAGE = String.join(System.lineSeparator(),
            "  --replay CAPTURE            play a capture file a bridge recorded (record_to) to the bridge that logs in",
            "  --speed N                   replay at N times the recorded pace (default 1)",
            "  --as-fast-as-possible       replay without the recorded pauses");

    /** Takes the replay options out of {@code args}. */
    public static ReplayOptions extract(String[] args) {
        List<String> rest = new ArrayList<>();
        Path capture = null;
        Double speed = null;
        boolean fastest = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--replay", "--speed" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    if (name.equals("--replay")) {
                        capture = Path.of(value);
                    } else {
                        speed = speed(value);
                    }
                }
                case "--as-fast-as-possible" -> fastest = true;
                default -> rest.add(arg);
            }
        }
        if (capture == null && (speed != null || fastest)) {
            throw new IllegalArgumentException("--speed and --as-fast-as-possible need --replay CAPTURE");
        }
        if (speed != null && fastest) {
            throw new IllegalArgumentException("give --speed or --as-fast-as-possible, not both");
        }
        return new ReplayOptions(capture, fastest ? CapturePlayback.AS_FAST_AS_POSSIBLE : speed == null ? 1 : speed,
                rest.toArray(String[]::new));
    }

    public boolean replaying() {
        return capture != null;
    }

    private static double speed(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0 && v <= 1_000_000) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("--speed expects a positive number, got '" + text + "'");
    }
}
