SELECT * FROM t WHERE a = :a AND b = ':no' AND c = "x:y" -- :c
 AND d = :d::date /* :e */ AND src:f.g = $$ :h $$ AND :_i1 IS NULL