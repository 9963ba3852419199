package io.pbxbridge.bridge.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/** An exception as logged, with its message (and its causes' messages) passed through {@link LogText}. */
final class EscapedThrowableProxy implements IThrowableProxy {
    private final IThrowableProxy delegate;

    private EscapedThrowableProxy(IThrowableProxy delegate) {
        this.delegate = delegate;
    }

    static IThrowableProxy of(IThrowableProxy proxy) {
        return proxy == null || proxy instanceof EscapedThrowableProxy ? proxy : new EscapedThrowableProxy(proxy);
    }

    @Override
    public String getMessage() {
        return LogText.escape(delegate.getMessage());
    }

    @Override
    public String getClassName() {
        return delegate.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return delegate.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return delegate.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return of(delegate.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = delegate.getSuppressed();
        if (suppressed == null) {
            return null;
        }
        IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
        for (int i = 0; i < suppressed.length; i++) {
            out[i] = of(suppressed[i]);
        }
        return out;
    }

    @Override
    public boolean isCyclic() {
        return delegate.isCyclic();
    }
}
