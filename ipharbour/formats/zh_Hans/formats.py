# Django's Chinese formats group digits by four with no separator; readers of prices and valuations
# here expect the CLDR convention for Chinese: thousands separated by commas.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
