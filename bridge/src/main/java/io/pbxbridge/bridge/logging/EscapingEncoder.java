package io.pbxbridge.bridge.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Wraps the encoder of an appender (text pattern or JSON) so that every logger's lines have control
 * characters escaped ({@link LogText}), whatever a payload put into a message, argument or exception.
 * One place for all loggers, bridge and connectors alike; configured in logback-text.xml and
 * logback-json.xml:
 * <pre>{@code
 * <encoder class="io.pbxbridge.bridge.logging.EscapingEncoder">
 *   <encoder class="ch.qos.logback.classic.encoder.JsonEncoder"/>
 * </encoder>
 * }</pre>
 */
public final class EscapingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** The wrapped encoder (text pattern or JSON). */
    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("EscapingEncoder needs a nested <encoder>");
            return;
        }
        if (!encoder.isStarted()) {
            encoder.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (encoder != null) {
            encoder.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return encoder.encode(new EscapedLoggingEvent(event));
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }
}
