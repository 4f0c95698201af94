package io.streamkd.model.train;

/**
 * What one training call reports. The predictions were made <em>before</em> the update on this batch
 * (progressive validation), so feeding them to a metric gives an unbiased online estimate. Losses are
 * weighted means over the batch, unscaled by λ or μ.
 *
 * @param step the step this batch was trained at (λ was taken at it)
 * @param lambda the distillation weight used
 * @param teacherProb teacher click probabilities
 * @param studentProb student click probabilities
 */
public record TrainResult(
    long step,
    double lambda,
    float[] teacherProb,
    float[] studentProb,
    double teacherLoss,
    double studentLoss,
    double distillLoss,
    double hintLoss) {}
