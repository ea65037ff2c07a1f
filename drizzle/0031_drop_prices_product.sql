-- prices_org_product (migration 0028) serves every read of a product's prices, all of which
-- name the organization; prices_product on product_id alone served none of them any more, and
-- every price written paid for it: a fifth of a price's index upkeep in a catalog push.
DROP INDEX IF EXISTS `prices_product`;
