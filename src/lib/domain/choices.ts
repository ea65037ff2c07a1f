/** Lists a person picks from, in the order a person looks for a name in. */
interface Named {
	name: string;
}

/** The rows by name, as `collator` orders names (i18n's nameCollator): a new list. */
export const byName = <T extends Named>(rows: readonly T[], collator: Intl.Collator): T[] =>
	[...rows].sort((a, b) => collator.compare(a.name, b.name));

/** The trade points a sale, an order or an assortment can name: the open ones, by name. */
export const pointChoices = <T extends Named & { archived: boolean }>(
	points: readonly T[],
	collator: Intl.Collator
): T[] =>
	byName(
		points.filter((p) => !p.archived),
		collator
	);

/** The products one can sell or order: those on sale, by name. */
export const productChoices = <T extends Named & { active: boolean }>(
	products: readonly T[],
	collator: Intl.Collator
): T[] =>
	byName(
		products.filter((p) => p.active),
		collator
	);
