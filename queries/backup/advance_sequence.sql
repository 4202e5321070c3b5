-- Take a sequence's values 1..$n, so that it next hands out $n + 1 (a restored sequence starts fresh at 1).
SELECT max(nextval($sequence)) FROM range($n)
