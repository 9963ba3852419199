package io.pbxbridge.bridge.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.pbxbridge.bridge.config.LogFormat;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Applies {@code logging.format} from the configuration file. Logback configures itself before the
 * file is read, so switching to JSON means re-running logback.xml with the switch set.
 */
final class LogFormatSwitch {
    private LogFormatSwitch() {
    }

    static void apply(LogFormat format) {
        if (format != LogFormat.JSON || "json".equals(new LogFormatDefiner().getPropertyValue())) {
            return; // already what was asked for (text by default, or json from the environment)
        }
        System.setProperty(LogFormatDefiner.PROPERTY, "json");
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        URL config = LogFormatSwitch.class.getResource("/logback.xml");
        if (!(factory instanceof LoggerContext context) || config == null) {
            return;
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            System.err.println("pbx-bridge: cannot switch logging to JSON: " + e.getMessage());
        }
    }
}
