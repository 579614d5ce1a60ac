interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Items sent alone while fewer than `width` batches are in flight, and together once that
 * many are: a quiet bot answers a lone question at once, while a burst fills batches by
 * itself, each item waiting no longer than the batch ahead of it.
 */
export class CoalescingQueue<Item, Result> {
  private readonly waiting: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;

  constructor(
    private readonly width: number,
    private readonly maxBatch: number,
    private readonly runBatch: (items: Item[]) => Promise<Result[]>,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && this.inFlight < this.width) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.runBatch(batch.map((waiting) => waiting.item))
        .then(
          (results) =>
            batch.forEach((waiting, i) => {
              const result = results[i];
              if (result === undefined) waiting.reject(new Error("a batch returned fewer results than items"));
              else waiting.resolve(result);
            }),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.dispatch();
        });
    }
  }
}
