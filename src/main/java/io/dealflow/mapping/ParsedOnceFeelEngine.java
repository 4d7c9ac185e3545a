package io.dealflow.mapping;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import camundajar.impl.scala.util.Right;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * Camunda's FEEL engine for decision tables, parsing each FEEL text once instead of at every evaluation (ADR
 * 0018; camunda/feel-scala#1149). Evaluation is Camunda's own, step for step: the same contexts, the same
 * feel-scala engine with its value mappers and custom functions, the same errors - a text that does not parse
 * fails every evaluation with the message it always had.
 */
public class ParsedOnceFeelEngine extends ScalaFeelEngine {

    /** Far above what deployed tables hold; past it the texts are parsed afresh rather than kept without bound. */
    static final int CAPACITY = 10_000;

    private final Map<String, Either<Failure, ParsedExpression>> expressions = new ConcurrentHashMap<>();
    private final Map<String, Either<Failure, ParsedExpression>> unaryTests = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    public ParsedOnceFeelEngine(List<FeelCustomFunctionProvider> functionProviders) {
        super(functionProviders);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
        Context context = new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new ContextVariableWrapper(variableContext);
            }
        };
        return (T) evaluate(parsed(expressions, expression, feelEngine::parseExpression), context);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variableContext) {
        VariableProvider input = new VariableProvider.StaticVariableProvider(
                new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
        VariableProvider variables = new ContextVariableWrapper(variableContext);
        Context context = new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new VariableProvider.CompositeVariableProvider(toScalaList(input, variables));
            }
        };
        return BoxesRunTime.unboxToBoolean(
                evaluate(parsed(unaryTests, expression, feelEngine::parseUnaryTests), context));
    }

    /** How many texts were parsed since the engine was built. */
    long parses() {
        return parses.get();
    }

    private Either<Failure, ParsedExpression> parsed(Map<String, Either<Failure, ParsedExpression>> cache,
                                                     String text,
                                                     Function<String, Either<Failure, ParsedExpression>> parser) {
        Either<Failure, ParsedExpression> known = cache.get(text);
        if (known != null) {
            return known;
        }
        if (cache.size() >= CAPACITY) {
            cache.clear();
        }
        return cache.computeIfAbsent(text, t -> {
            parses.incrementAndGet();
            return parser.apply(t);
        });
    }

    private Object evaluate(Either<Failure, ParsedExpression> parsed, Context context) {
        if (parsed instanceof Left<Failure, ParsedExpression> notParsed) {
            throw LOGGER.evaluationException(notParsed.value().message());
        }
        Either<Failure, Object> result = feelEngine.eval(((Right<Failure, ParsedExpression>) parsed).value(), context);
        if (result instanceof Right<Failure, Object> value) {
            return value.value();
        }
        throw LOGGER.evaluationException(((Left<Failure, Object>) result).value().message());
    }
}
