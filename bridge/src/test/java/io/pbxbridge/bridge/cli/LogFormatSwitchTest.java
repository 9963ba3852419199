package io.pbxbridge.bridge.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import io.pbxbridge.bridge.logging.EscapingEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.pbxbridge.bridge.config.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatSwitchTest {

    @AfterEach
    void restoreTestLogging() throws Exception {
        System.clearProperty(LogFormatDefiner.PROPERTY);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback-test.xml"));
    }

    @Test
    void jsonFromTheConfigurationFileSwitchesTheConsoleToJsonLines() {
        LogFormatSwitch.apply(LogFormat.JSON);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("console");
        assertThat(console).isNotNull();
        assertThat(console.getEncoder()).isInstanceOf(EscapingEncoder.class);
        assertThat(((EscapingEncoder) console.getEncoder()).getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(context.getLogger("org.apache.kafka").getLevel()).hasToString("WARN");
    }

    @Test
    void textLeavesTheCurrentConfigurationAlone() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Object before = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
        LogFormatSwitch.apply(LogFormat.TEXT);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isSameAs(before);
        assertThat(System.getProperty(LogFormatDefiner.PROPERTY)).isNull();
    }
}
