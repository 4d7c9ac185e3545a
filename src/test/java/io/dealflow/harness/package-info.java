/**
 * The multi-process fault harness: DealFlow nodes ({@link io.dealflow.harness.DealFlowNode}) and the simulators
 * ({@link io.dealflow.harness.Simulators}) started from the packaged jar as processes of their own, on a fresh
 * PostgreSQL database ({@link io.dealflow.harness.PostgresServer}); {@link io.dealflow.harness.Cluster} puts
 * them together, {@link io.dealflow.harness.Workload} drives deal cycles through the simulators' sandbox APIs and
 * counts the outcome, {@link io.dealflow.harness.FaultScenarios} are the runs of {@code docs/reliability.md}.
 * A benchmark builds on the same pieces: start a {@code Cluster}, drive a {@code Workload}, time it.
 */
package io.dealflow.harness;
