package io.tocsin.devstack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogRecord;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Sends SLF4J logging (Artemis, zonky) to java.util.logging in the standalone {@link DevStackMain}.
 *
 * <p>Deliberately not registered in {@code META-INF/services}: it is selected only through the
 * {@code slf4j.provider} system property that {@link DevStackMain} sets, so it never competes with the logging of an
 * application that has devstack on its test class path.
 */
public final class JulSlf4jProvider implements SLF4JServiceProvider {

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory loggerFactory = name -> loggers.computeIfAbsent(name, JulLogger::new);
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    private static final class JulLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        private final transient java.util.logging.Logger jul;

        JulLogger(String name) {
            this.name = name;
            this.jul = java.util.logging.Logger.getLogger(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return jul.isLoggable(java.util.logging.Level.FINEST);
        }

        @Override
        public boolean isDebugEnabled() {
            return jul.isLoggable(java.util.logging.Level.FINE);
        }

        @Override
        public boolean isInfoEnabled() {
            return jul.isLoggable(java.util.logging.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return jul.isLoggable(java.util.logging.Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return jul.isLoggable(java.util.logging.Level.SEVERE);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            java.util.logging.Level julLevel = switch (level) {
                case ERROR -> java.util.logging.Level.SEVERE;
                case WARN -> java.util.logging.Level.WARNING;
                case INFO -> java.util.logging.Level.INFO;
                case DEBUG -> java.util.logging.Level.FINE;
                case TRACE -> java.util.logging.Level.FINEST;
            };
            LogRecord record = new LogRecord(julLevel, MessageFormatter.basicArrayFormat(messagePattern, arguments));
            record.setLoggerName(name);
            record.setThrown(throwable);
            jul.log(record);
        }
    }
}
