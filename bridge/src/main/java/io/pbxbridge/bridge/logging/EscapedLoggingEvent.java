package io.pbxbridge.bridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logging event as an encoder sees it, with every text that may come from outside (message,
 * arguments, exception messages, MDC and key/value values, thread name) passed through {@link LogText}.
 */
final class EscapedLoggingEvent implements ILoggingEvent {
    private final ILoggingEvent delegate;
    private String formattedMessage;

    EscapedLoggingEvent(ILoggingEvent delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getFormattedMessage() {
        if (formattedMessage == null) {
            formattedMessage = LogText.escape(delegate.getFormattedMessage());
        }
        return formattedMessage;
    }

    @Override
    public String getMessage() {
        return LogText.escape(delegate.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        Object[] args = delegate.getArgumentArray();
        if (args == null) {
            return null;
        }
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i] == null ? null : LogText.escape(String.valueOf(args[i]));
        }
        return out;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return EscapedThrowableProxy.of(delegate.getThrowableProxy());
    }

    @Override
    public String getThreadName() {
        return LogText.escape(delegate.getThreadName());
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return escapeValues(delegate.getMDCPropertyMap());
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return escapeValues(delegate.getMdc());
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = delegate.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return pairs;
        }
        return pairs.stream().map(p -> new KeyValuePair(LogText.escape(p.key),
                p.value == null ? null : LogText.escape(String.valueOf(p.value)))).toList();
    }

    @Override
    public Level getLevel() {
        return delegate.getLevel();
    }

    @Override
    public String getLoggerName() {
        return delegate.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return delegate.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return delegate.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return delegate.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return delegate.getMarkerList();
    }

    @Override
    public long getTimeStamp() {
        return delegate.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return delegate.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return delegate.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return delegate.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        delegate.prepareForDeferredProcessing();
    }

    private static Map<String, String> escapeValues(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return map;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(LogText.escape(k), LogText.escape(v)));
        return out;
    }
}
