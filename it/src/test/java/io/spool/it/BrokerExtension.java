package io.spool.it;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * One broker process per test class: started before all tests, closed after all, its log
 * printed when a test fails. Register as a {@code static} field with {@code @RegisterExtension}.
 */
public final class BrokerExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, AfterTestExecutionCallback {
    private final String name;
    private final UnaryOperator<BrokerProcess.Builder> settings;
    private final ApiKeys[] required;
    private BrokerProcess broker;
    private TestAbortedException aborted;
    private List<ApiKeys> missing = List.of();

    /**
     * A broker named {@code name} whose builder {@code settings} adjusts (overrides, wrapper); each
     * test is skipped (see {@link ApiRequirements}) while the broker does not advertise {@code required}.
     */
    public BrokerExtension(String name, UnaryOperator<BrokerProcess.Builder> settings, ApiKeys... required) {
        this.name = name;
        this.settings = settings;
        this.required = required.clone();
    }

    /** The running broker; valid between beforeAll and afterAll. */
    public BrokerProcess broker() {
        if (broker == null) {
            throw new IllegalStateException("broker not started (use @RegisterExtension on a static field)");
        }
        return broker;
    }

    /** {@code bootstrap.servers} of the broker. */
    public String bootstrap() {
        return broker().bootstrap();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = settings.apply(BrokerProcess.builder(name)).build();
        try {
            broker.start();
            missing = ApiRequirements.missing(broker.port(), required);
        } catch (TestAbortedException e) {
            // Reported on every test (Surefire shows a class-level abort as "Tests run: 0").
            aborted = e;
        } catch (Throwable t) {
            broker.close();
            throw t;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (aborted != null) {
            throw new TestAbortedException(aborted.getMessage());
        }
        ApiRequirements.enforce(missing);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && broker != null) {
            System.out.println("==== " + broker + " log (tail) after failure of "
                    + context.getDisplayName() + ":\n" + broker.logTail(30_000));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }
}
