#!/usr/bin/env bash
# Reproduces every number in docs/EVALUATION.md. Needs the data sets of ../shared/data (see EVALUATION.md
# for where they come from); writes JSON reports and charts to docs/results/.
#   docs/run-evaluation.sh [data-dir=../shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
out=docs/results
mkdir -p "$out"
ablations=blocking_off,stop_at_shared,lambda_constant,lambda_step,lambda_sigmoid,convex,distill_mse,distill_kl,distill_js,hint,no_distill

kuai="$data/kuairand-1k/log_random_4_22_to_5_08_1k.csv"
kuai_common=(--input "$kuai" --time time_ms --label is_click
  --categorical user_id,video_id,tab,hourmin --numeric duration_ms:log1p_standardize --lambda-ramp-steps 40)

# A: post-view signals the click nearly implies (play time, long view) plus the engagement flags.
./streamkd eval "${kuai_common[@]}" \
  --privileged-numeric play_time_ms:log1p_standardize,long_view,profile_stay_time:log1p_standardize,comment_stay_time:log1p_standardize,is_profile_enter,is_like,is_follow,is_comment,is_forward,is_hate \
  --ablations "$ablations" --report "$out/kuairand-a.json" --chart "$out/kuairand-a.png"

# B: only the weaker engagement signals (no play time, no long view).
./streamkd eval "${kuai_common[@]}" \
  --privileged-numeric profile_stay_time:log1p_standardize,comment_stay_time:log1p_standardize,is_profile_enter,is_like,is_follow,is_comment,is_forward,is_hate \
  --ablations "$ablations" --report "$out/kuairand-b.json" --chart "$out/kuairand-b.png"

# C: no privileged field: the teacher differs only by its capacity (cross layers + bigger MLP).
./streamkd eval "${kuai_common[@]}" --ablations no_distill --report "$out/kuairand-c.json"

# Open Bandit Dataset, uniform-random logging policy, men's and women's campaigns; 5 seeds each (0.46% CTR:
# ~46 clicks per file, so single runs are noisy).
for campaign in men women; do
  f="$data/obd/random/$campaign/$campaign.csv"
  k=$(head -1 "$f" | tr ',' '\n' | grep -c '^user-item_affinity_')
  aff=$(seq -s, 0 $((k - 1)) | sed 's/\([0-9]\+\)/user-item_affinity_\1:log1p_standardize/g')
  for seed in 1 2 3 4 5; do
    ./streamkd eval --input "$f" --label click --categorical item_id,position,user_feature_0,user_feature_1,user_feature_2,user_feature_3 \
      --privileged-numeric "$aff" --batch-size 128 --lambda-ramp-steps 20 --prior-ctr 0.005 --seed "$seed" \
      --ablations blocking_off,lambda_step,distill_kl --report "$out/obd-$campaign-seed$seed.json"
  done
done
