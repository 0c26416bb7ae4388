/**
 * Early stopping on the last metric of the last evaluation set (XGBoost's rule): stop when it has
 * not improved for `rounds` consecutive rounds; remember the best round.
 */
export class EarlyStopping {
  bestIteration = -1;
  bestScore = NaN;
  constructor(
    private readonly rounds: number,
    private readonly higherIsBetter: boolean,
  ) {}

  /** Records round `iteration`'s score; returns true when training should stop. */
  update(iteration: number, score: number): boolean {
    const improved =
      this.bestIteration < 0 || (this.higherIsBetter ? score > this.bestScore : score < this.bestScore);
    if (improved) {
      this.bestIteration = iteration;
      this.bestScore = score;
    }
    return this.rounds > 0 && iteration - this.bestIteration >= this.rounds;
  }
}
